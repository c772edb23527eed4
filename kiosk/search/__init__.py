"""Search: the index of names (with pinyin) and building it in a child process."""
