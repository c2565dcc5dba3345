package diag

// Source returns the content of the file, for finding where a piece of
// text a message is about occurs. The caller must not modify it.
func (f *File) Source() []byte {
	if f == nil {
		return nil
	}
	return f.src
}
