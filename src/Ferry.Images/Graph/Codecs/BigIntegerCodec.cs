using System.Numerics;

namespace Ferry.Images.Graph;

/// <summary>Boxed BigInteger: its two's complement bytes, inline.</summary>
internal sealed class BigIntegerCodec() : TypeCodec(typeof(BigInteger), CodecKind.BigInteger)
{
    public override void WriteAllocation(GraphEncoder w, object value) => w.WriteBigInteger((BigInteger)value);

    public override object ReadAllocation(GraphDecoder r) => r.ReadBigInteger();
}
