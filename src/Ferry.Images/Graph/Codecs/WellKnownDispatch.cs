namespace Ferry.Images.Graph;

/// <summary>
/// The codec of a framework type whose only writable instances are well-known singletons (two
/// singletons may share a type, e.g. the invariant-culture comparers): picks the codec per instance.
/// </summary>
internal sealed class WellKnownDispatch(Type type, IReadOnlyList<WellKnownCodec> candidates) : TypeCodec(type, CodecKind.WellKnown)
{
    public WellKnownCodec For(object value)
    {
        foreach (var c in candidates)
        {
            if (ReferenceEquals(c.Instance, value))
            {
                return c;
            }
        }
        throw new TypeRefusedException(Type, "type not allowed in images (only its well-known shared instances are)");
    }

    public override object ReadAllocation(GraphDecoder r) => throw new InvalidOperationException("dispatch codecs are never read");
}
