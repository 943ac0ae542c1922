namespace Ferry.Images.Graph;

/// <summary>Types that are only named (generic arguments, element types, signatures), never instantiated.</summary>
internal sealed class AbstractCodec(Type type) : TypeCodec(type, CodecKind.Abstract)
{
    public override bool IsInstantiable => false;

    public override object ReadAllocation(GraphDecoder r) => throw r.Bad($"an instance of {TypeNames.Display(Type)}");
}
