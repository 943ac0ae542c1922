using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Primitives, enums and fixed framework values (DateTime, decimal, Guid, ...). Boxed, their value is
/// written inline where first referenced, so a boxed int stays a boxed int.
/// </summary>
internal sealed class PrimitiveCodec : TypeCodec
{
    private readonly FlatLayout _layout;
    private ObjectWriter? _writer;
    private ObjectReader? _reader;

    public PrimitiveCodec(Type type, FieldKind kind) : base(type, CodecKind.Primitive)
    {
        LeafKind = kind;
        _layout = FlatLayout.ForValue(type, static _ => true);
    }

    public FieldKind LeafKind { get; }

    public override void WriteDescriptor(GraphEncoder w) => w.WriteByte((byte)LeafKind);

    public override void CheckDescriptor(GraphDecoder r)
    {
        byte kind = r.ReadByte();
        if (kind != (byte)LeafKind)
        {
            throw new ImageFormatException($"type {TypeNames.Display(Type)} is a different kind of value in the image than here");
        }
    }

    public override void WriteAllocation(GraphEncoder w, object value) =>
        (_writer ??= LayoutEmitter.BoxWriter(Type, _layout))(w, value);

    public override object ReadAllocation(GraphDecoder r)
    {
        object box = RuntimeHelpers.GetUninitializedObject(Type);
        (_reader ??= LayoutEmitter.BoxReader(Type, _layout))(r, box);
        return box;
    }
}
