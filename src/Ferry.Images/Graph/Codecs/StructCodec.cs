using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Structs: flattened into their leaf fields. Boxed, they are objects with a body; as slots
/// (array elements, fields) they are written in place by <see cref="ValueSlots{T}"/>.
/// </summary>
internal sealed class StructCodec(Type type, FlatLayout layout) : SchemaCodec(type, CodecKind.Struct, layout)
{
    private ObjectWriter? _writer;
    private ObjectReader? _reader;

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => RuntimeHelpers.GetUninitializedObject(Type);

    public override void WriteBody(GraphEncoder w, object value) =>
        (_writer ??= LayoutEmitter.BoxWriter(Type, Layout))(w, value);

    public override void ReadBody(GraphDecoder r, object value) =>
        (_reader ??= LayoutEmitter.BoxReader(Type, Layout))(r, value);
}
