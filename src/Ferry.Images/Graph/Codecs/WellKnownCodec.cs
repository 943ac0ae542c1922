namespace Ferry.Images.Graph;

/// <summary>
/// A framework singleton (default comparers, StringComparer.Ordinal, Random.Shared, ...): written by
/// name, read back as this process's own instance.
/// </summary>
internal sealed class WellKnownCodec(WellKnownCode code, Type? argument, object instance) : TypeCodec(instance.GetType(), CodecKind.WellKnown)
{
    public WellKnownCode Code { get; } = code;

    public Type? Argument { get; } = argument;

    public object Instance { get; } = instance;

    public static bool TakesTypeArgument(WellKnownCode code) =>
        code is WellKnownCode.DefaultEqualityComparer or WellKnownCode.DefaultComparer;

    public override void WriteForm(GraphEncoder w)
    {
        w.WriteByte((byte)TypeForm.WellKnown);
        w.WriteByte((byte)Code);
        if (Argument is not null)
        {
            w.WriteTypeRef(Argument);
        }
    }

    public override object ReadAllocation(GraphDecoder r) => Instance;
}
