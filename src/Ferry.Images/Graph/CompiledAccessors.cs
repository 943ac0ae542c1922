namespace Ferry.Images.Graph;

// The shapes of the per-type code compiled once by LayoutEmitter.

/// <summary>Writes the fields of a class instance (or of a boxed struct).</summary>
internal delegate void ObjectWriter(GraphEncoder writer, object instance);

/// <summary>Fills the fields of an uninitialized class instance (or of a boxed struct).</summary>
internal delegate void ObjectReader(GraphDecoder reader, object instance);

/// <summary>Writes a value-type value in place (an array element, a list slot...).</summary>
internal delegate void ValueWriter(GraphEncoder writer, ref byte value);

/// <summary>Reads a value-type value in place.</summary>
internal delegate void ValueReader(GraphDecoder reader, ref byte value);

/// <summary>Prefetches the object-table slots of a class instance's reference fields.</summary>
internal delegate void RefPrefetcher(ObjectIdMap ids, object instance);
