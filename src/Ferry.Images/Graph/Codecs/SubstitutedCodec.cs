namespace Ferry.Images.Graph;

/// <summary>
/// A type whose instances are always written as surrogates (<see cref="TypeAllowlist.AddSubstitutedType"/>):
/// named in images like an abstract type (array elements, generic arguments), never instantiated from one.
/// An instance reaching the writer without a surrogate is refused with <see cref="Refusal"/>.
/// </summary>
internal sealed class SubstitutedCodec(Type type, Type substituted) : TypeCodec(type, CodecKind.Abstract)
{
    public override bool IsInstantiable => false;

    /// <summary>Why an instance that reached the writer itself cannot be written.</summary>
    public string Refusal =>
        $"instances of {TypeNames.Display(substituted)} are written only as the runtime's surrogates, and this {TypeNames.Display(Type)} was not substituted";

    public override object ReadAllocation(GraphDecoder r) => throw r.Bad($"an instance of {TypeNames.Display(Type)}, which is only ever restored through a surrogate");
}
