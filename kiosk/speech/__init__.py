"""Read aloud (issue 28): what each page says, in words people say, and the clips espeak-ng makes of it."""
