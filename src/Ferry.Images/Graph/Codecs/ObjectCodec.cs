using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>Classes written field by field with compiled accessors; read into uninitialized instances.</summary>
internal sealed class ObjectCodec(Type type, FlatLayout layout) : SchemaCodec(type, CodecKind.Object, layout)
{
    private ObjectWriter? _writer;
    private ObjectReader? _reader;
    private RefPrefetcher? _prefetcher;
    private readonly bool _hasRefs = layout.Variable.Any(f => f.Kind == FieldKind.Ref);

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => RuntimeHelpers.GetUninitializedObject(Type);

    public override void WriteBody(GraphEncoder w, object value) =>
        (_writer ??= LayoutEmitter.ClassWriter(Type, Layout))(w, value);

    public override void PrefetchRefs(GraphEncoder w, object value)
    {
        if (_hasRefs)
        {
            (_prefetcher ??= LayoutEmitter.ClassPrefetcher(Type, Layout))(w.Ids, value);
        }
    }

    public override void ReadBody(GraphDecoder r, object value) =>
        (_reader ??= LayoutEmitter.ClassReader(Type, Layout))(r, value);
}
