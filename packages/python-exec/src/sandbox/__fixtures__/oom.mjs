// A fatal V8 out-of-memory (not a catchable RangeError): it aborts the whole process.
Object.keys(new Uint8Array(4e7));
