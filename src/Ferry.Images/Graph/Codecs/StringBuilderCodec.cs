using System.Text;

namespace Ferry.Images.Graph;

/// <summary>StringBuilder: its current text, inline (its chunk structure is not part of the image).</summary>
internal sealed class StringBuilderCodec() : TypeCodec(typeof(StringBuilder), CodecKind.StringBuilder)
{
    public override void WriteAllocation(GraphEncoder w, object value) => w.WriteString(value.ToString()!);

    public override object ReadAllocation(GraphDecoder r) => new StringBuilder(r.ReadString());

    public override bool HasMutableAllocation => true;

    public override void ReadAllocationInto(GraphDecoder r, object existing) => ((StringBuilder)existing).Clear().Append(r.ReadString());
}
