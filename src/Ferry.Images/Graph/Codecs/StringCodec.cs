namespace Ferry.Images.Graph;

/// <summary>Strings: UTF-16 length and units, written where first referenced.</summary>
internal sealed class StringCodec() : TypeCodec(typeof(string), CodecKind.String)
{
    public override void WriteAllocation(GraphEncoder w, object value) => w.WriteString((string)value);

    public override object ReadAllocation(GraphDecoder r) => r.ReadString();
}
