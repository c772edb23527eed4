"""Turning sentences into a sound file with espeak-ng, offline.

Debian's espeak-ng `cmn` voice reads Chinese characters as pinyin spelled in English ("tu2" said
"tee you two"); its `cmn-latn-pinyin` voice reads pinyin with tone numbers as Mandarin. So Chinese
is turned into numbered pinyin with pypinyin (which the search index uses already) and read by that voice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kiosk.model.building import Lang

ENGINE = "espeak-ng"
VOICES: dict[Lang, str] = {"zh": "cmn-latn-pinyin", "en": "en-gb"}  # Shanghai signs say "lift" and "metres"
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's 175: many listeners are elderly
PAUSES = {"，": ", ", "、": ", ", "：": ": ", "；": "; ", "。": ". ", "？": "? ", "！": "! ", "（": ", ", "）": ", "}
INSTALL_HINT = "sudo apt-get install -y espeak-ng sox"
RENDER_TIMEOUT = 60.0
# With sox, a clip is kept as 11 kHz 8-bit PCM WAV: espeak-ng says nothing above 5 kHz worth keeping, and plain
# PCM WAV plays in every browser (WeChat's on iOS included, which plays no Ogg): a quarter of the 22 kHz 16-bit size.
SMALLER = ["-r", "11025", "-b", "8", "-e", "unsigned-integer"]


def engine_path() -> str | None:
    """Where espeak-ng is installed, or None (then no page shows a Read aloud button)."""
    return shutil.which(ENGINE)


def pinyin_of(text: str) -> str:
    """Chinese as pinyin with tone numbers, punctuation turned into pauses: 三楼。 → "san1 lou2. "."""
    from pypinyin import Style, lazy_pinyin  # here: a cold start never loads its dictionaries for the pages

    said = []
    for piece in lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True):
        if re.fullmatch(r"[a-z]+[1-5]", piece):
            said.append(piece + " ")
        else:  # punctuation, Latin letters and digits come as runs of their own
            said.append(" " + "".join(PAUSES.get(c, c) for c in piece) + " ")
    joined = re.sub(r"\s+", " ", "".join(said))
    return re.sub(r"\s+([,.:;?!])", r"\1", re.sub(r"([,.:;?!])[\s,]*(?=[,.])", "", joined)).strip()


def engine_text(text: str, lang: Lang) -> str:
    """What espeak-ng is given for a sentence in `lang` (pinyin for Chinese)."""
    return pinyin_of(text) if lang == "zh" else text


@dataclass(frozen=True)
class Engine:
    """espeak-ng at a path: renders a text in a language to a WAV file."""

    path: str
    sox: str | None = None

    def render(self, text: str, lang: Lang, out: Path) -> None:
        """Write `text` said in `lang` to `out` (a WAV file), atomically: a half-written clip is never served."""
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f"{out.name}.{os.getpid()}.part.wav")  # two renderers never share a file
        command = [self.path, "-v", VOICES[lang], "-s", str(WORDS_PER_MINUTE), "-w", str(partial)]
        # At low priority: the lobby screen must stay quick while clips are made in the background.
        subprocess.run(
            [*command, engine_text(text, lang)],
            check=True,
            capture_output=True,
            timeout=RENDER_TIMEOUT,
            preexec_fn=_lower_priority if os.name == "posix" else None,
        )
        if self.sox:
            smaller = partial.with_name(partial.name + ".small.wav")
            subprocess.run([self.sox, str(partial), *SMALLER, str(smaller)], check=True, capture_output=True)
            partial.unlink()
            partial = smaller
        partial.replace(out)

    def phonemes(self, text: str, lang: Lang) -> str:
        """The phonemes espeak-ng says for `text` (`-x`), to check the voice reads pinyin, not English."""
        command = [self.path, "-q", "-x", "-v", VOICES[lang], engine_text(text, lang)]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=RENDER_TIMEOUT).stdout


def _lower_priority() -> None:
    os.nice(10)


def find_engine() -> Engine | None:
    """The installed engine, or None."""
    path = engine_path()
    return Engine(path, shutil.which("sox")) if path else None
