// Placeholder so the target builds while it has no code; delete when adding the first file.
