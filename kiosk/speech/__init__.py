"""Read aloud: what each page says, in words people say, and the clips espeak-ng makes of it."""
