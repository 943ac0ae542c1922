namespace Ferry.Images.Graph;

/// <summary>
/// How one type is written and read: its type definition (form, kind, descriptor), the data written
/// where an instance is first referenced (allocation), and the data written later from the queue (body).
/// One instance per type, shared by all writes and reads of a <see cref="ObjectGraphSerializer"/>.
/// </summary>
internal abstract class TypeCodec(Type type, CodecKind kind)
{
    public Type Type { get; } = type;

    public CodecKind Kind { get; } = kind;

    /// <summary>Dense number given by the registry; indexes per-image type id tables.</summary>
    public int Index { get; set; }

    public virtual bool IsInstantiable => true;

    public virtual bool HasBody => false;

    public virtual void WriteForm(GraphEncoder w) => w.WriteStandardForm(Type);

    /// <summary>Kind-specific part of the type definition (a schema, a leaf kind).</summary>
    public virtual void WriteDescriptor(GraphEncoder w) { }

    /// <summary>Reads the image's descriptor and refuses it unless it matches this type here.</summary>
    public virtual void CheckDescriptor(GraphDecoder r) { }

    public virtual void WriteAllocation(GraphEncoder w, object value) { }

    public abstract object ReadAllocation(GraphDecoder r);

    public virtual void WriteBody(GraphEncoder w, object value) { }

    /// <summary>Prefetches the table slots of the references the body will write (a hint; may do nothing).</summary>
    public virtual void PrefetchRefs(GraphEncoder w, object value) { }

    public virtual void ReadBody(GraphDecoder r, object value) { }

    /// <summary>
    /// Whether the state written as the allocation can change after the object exists (a StringBuilder's
    /// text): an incremental round re-sends it with <see cref="WriteAllocation"/>, read by <see cref="ReadAllocationInto"/>.
    /// Kinds without a body whose allocation cannot change (strings, boxed values, delegates) are never re-sent.
    /// </summary>
    public virtual bool HasMutableAllocation => false;

    /// <summary>Reads an allocation written again for an object that exists: puts that state into it.</summary>
    public virtual void ReadAllocationInto(GraphDecoder r, object existing) =>
        throw r.Bad($"the state of a {TypeNames.Display(Type)} cannot be sent again");
}
