"""A floor's drawing uploaded in the plan editor: refused when hostile, re-encoded, then fitted to the floor.

An upload is only ever read by Pillow (or pypdfium2 for the first page of a PDF, when it is
installed): its bytes must start as the type its name says, it may not be huge, its name may not
carry a path, and a PDF that carries JavaScript is refused outright. What is kept is Pillow's own
re-encoding as PNG (`plans/<floor>-drawing.png`), never the uploaded bytes. Placing it (metres per
pixel, where its corner is) writes `plans/<floor>.png`: the drawing cropped and scaled to exactly
the floor's size, which is how the kiosk draws a `background:` (stretched over the floor).
"""

from __future__ import annotations

import io
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

from kiosk.ways.backgrounds import MAX_BYTES

MAX_UPLOAD = 20 * 1024 * 1024  # a phone photo or a scanned A3 plan is well under this
MAX_PIXELS = 40_000_000  # Pillow's decompression-bomb guard, set to what a 600 dpi A2 scan needs
FITTED_WIDTH = 2400  # px of the fitted background: sharp on a 4K screen, and well under the size cap
PIECE = 48 * 1024  # bytes of one upload piece: with its form around it, under the server's 64 KiB body limit
TOKEN = re.compile(r"^[0-9a-f]{16}$")
SAFE_NAME = re.compile(r"^[^/\\:\x00]{1,200}$")
MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".pdf": (b"%PDF-",)}
PDF_SCRIPT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


class DrawingRefused(ValueError):
    """Why an upload is not taken, in words for staff: (Chinese, English)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.words = (zh, en)


def pdf_supported() -> bool:
    """Whether the first page of a PDF can be read here (pypdfium2 is optional at run time)."""
    try:
        import pypdfium2  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def check_upload(name: str, size: int | None) -> str:
    """The upload's type (its suffix) if its name and size are acceptable; raises DrawingRefused."""
    if size is not None and size > MAX_UPLOAD:
        raise DrawingRefused(
            f"文件太大（{size // 1048576} MB），最大 {MAX_UPLOAD // 1048576} MB",
            f"the file is too big ({size // 1048576} MB); at most {MAX_UPLOAD // 1048576} MB",
        )
    if not SAFE_NAME.match(name) or name.strip(" .") in ("", "..") or ".." in name:
        raise DrawingRefused("文件名不能包含路径", "the file name may not contain a path")
    suffix = Path(name).suffix.lower()
    if suffix not in MAGIC or (suffix == ".pdf" and not pdf_supported()):
        kinds = "PNG, JPG" + (", PDF" if pdf_supported() else "")
        raise DrawingRefused(f"只接受 {kinds} 文件", f"only {kinds} files are taken")
    return suffix


def _part(folder: Path, who: str, token: str) -> Path:
    if not TOKEN.match(token):
        raise DrawingRefused("上传中断，请重试", "the upload broke off: try again")
    return folder / f".upload-{re.sub(r'[^a-z0-9._-]', '', who)}-{token}"


def start_upload(folder: Path, who: str, size: int) -> str:
    """A new upload of `size` bytes (already checked) by `who`: its token."""
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(8)
    _part(folder, who, token).write_text(str(size), encoding="utf-8")
    _part(folder, who, token).with_suffix(".part").write_bytes(b"")
    return token


def add_piece(folder: Path, who: str, token: str, offset: int, piece: bytes) -> int:
    """Append one piece where the upload ends now; never past the size declared at the start."""
    declared = _part(folder, who, token)
    try:
        size = int(declared.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DrawingRefused("上传中断，请重试", "the upload broke off: try again") from None
    part = declared.with_suffix(".part")
    now = part.stat().st_size
    if offset != now or len(piece) > PIECE or now + len(piece) > min(size, MAX_UPLOAD):
        raise DrawingRefused("上传的内容与声明的不符", "the upload sent more than it said it would")
    with part.open("ab") as out:
        out.write(piece)
    return now + len(piece)


def finish_upload(folder: Path, who: str, token: str) -> bytes:
    """The whole upload's bytes; its pieces are removed."""
    declared = _part(folder, who, token)
    part = declared.with_suffix(".part")
    try:
        content = part.read_bytes()
    except OSError:
        raise DrawingRefused("上传中断，请重试", "the upload broke off: try again") from None
    finally:
        declared.unlink(missing_ok=True)
        part.unlink(missing_ok=True)
    return content


def _image_of(content: bytes, suffix: str) -> Image.Image:
    from PIL import Image  # here: Pillow is loaded once a drawing is uploaded, not at every start

    if not any(content.startswith(m) for m in MAGIC[suffix]):
        raise DrawingRefused(
            f"文件内容不是 {suffix[1:].upper()} 图片", f"the file is not really a {suffix[1:].upper()} picture"
        )
    if suffix == ".pdf":
        return _first_page(content)
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()  # a truncated or crafted file stops here, before it is decoded
        image = Image.open(io.BytesIO(content))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as error:
        raise DrawingRefused("图片无法读取", f"the picture cannot be read ({error.__class__.__name__})") from None
    return image


def _first_page(content: bytes) -> Image.Image:
    if PDF_SCRIPT.search(content):
        raise DrawingRefused("PDF 含有脚本或附件，不接受", "the PDF carries JavaScript or attachments: not taken")
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(content)
        page = document[0]
        width, height = page.get_size()
        scale = min(3.0, 4000 / max(width, height, 1))
        image = page.render(scale=scale).to_pil()
        document.close()
    except Exception:  # pypdfium2 raises its own errors for every kind of broken file
        raise DrawingRefused("PDF 无法读取", "the PDF cannot be read") from None
    return image


def store_upload(folder: Path, floor_id: str, name: str, content: bytes) -> tuple[int, int]:
    """Keep an upload as the floor's drawing (re-encoded PNG); its size in pixels."""
    suffix = check_upload(name, len(content))
    image = _image_of(content, suffix)
    if image.width * image.height > MAX_PIXELS:
        raise DrawingRefused("图片像素过多", "the picture has too many pixels")
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    folder.mkdir(parents=True, exist_ok=True)
    image.save(drawing_path(folder, floor_id), format="PNG", optimize=True)
    placement_path(folder, floor_id).unlink(missing_ok=True)
    return image.width, image.height


def drawing_path(folder: Path, floor_id: str) -> Path:
    """Where the floor's uploaded drawing is kept (as uploaded, re-encoded)."""
    return folder / f"{floor_id}-drawing.png"


def placement_path(folder: Path, floor_id: str) -> Path:
    """Where the drawing's scale and position are kept, so the editor opens with them."""
    return folder / f"{floor_id}-drawing.json"


def background_name(floor_id: str) -> str:
    """The fitted background's name in the plans folder."""
    return f"{floor_id}.png"


@dataclass(frozen=True)
class Placement:
    """Where the drawing lies on the floor: metres per pixel, and its top-left corner in metres."""

    metres_per_pixel: float
    x: float
    y: float


def read_placement(folder: Path, floor_id: str) -> Placement | None:
    """The drawing's kept placement, if any."""
    try:
        data = json.loads(placement_path(folder, floor_id).read_text(encoding="utf-8"))
        return Placement(float(data["metres_per_pixel"]), float(data["x"]), float(data["y"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def fit(folder: Path, floor_id: str, placement: Placement, size: tuple[float, float]) -> Path:
    """Crop and scale the drawing to the floor's rectangle (how the kiosk draws it); the file written."""
    if not (1e-4 <= placement.metres_per_pixel <= 10):
        raise DrawingRefused("比例不合理", "that scale cannot be right: measure the two points again")
    from PIL import Image  # here, as in _image_of

    with Image.open(drawing_path(folder, floor_id)) as image:
        image.load()
        step = placement.metres_per_pixel
        box = (
            round(-placement.x / step),
            round(-placement.y / step),
            round((size[0] - placement.x) / step),
            round((size[1] - placement.y) / step),
        )
        width = min(FITTED_WIDTH, max(1, box[2] - box[0]))
        height = max(1, round(width * size[1] / size[0]))
        fitted = image.convert("RGBA").crop(box).resize((width, height), Image.Resampling.LANCZOS)
    target = folder / background_name(floor_id)
    fitted.save(target, format="PNG", optimize=True)
    if target.stat().st_size > MAX_BYTES:
        fitted.convert("RGB").save(target.with_suffix(".jpg"), format="JPEG", quality=85)
        target.unlink()
        target = target.with_suffix(".jpg")
    placement_path(folder, floor_id).write_text(json.dumps(placement.__dict__), encoding="utf-8")
    return target
