namespace Ferry.Images.Graph;

/// <summary>Codecs whose type definition carries a flattened schema (classes, structs, leaf values).</summary>
internal abstract class SchemaCodec(Type type, CodecKind kind, FlatLayout layout) : TypeCodec(type, kind)
{
    public FlatLayout Layout { get; } = layout;

    public override void WriteDescriptor(GraphEncoder w)
    {
        w.WriteVarUInt((ulong)Layout.Fields.Count);
        foreach (var f in Layout.Fields)
        {
            w.WriteUtf8(f.Name);
            w.WriteByte((byte)f.Kind);
        }
    }

    public override void CheckDescriptor(GraphDecoder r)
    {
        int count = (int)r.ReadCount(2, 1 << 16);
        bool same = count == Layout.Fields.Count;
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadUtf8(1024);
            byte kind = r.ReadByte();
            same &= i < Layout.Fields.Count && Layout.Fields[i].Name == name && (byte)Layout.Fields[i].Kind == kind;
        }
        if (!same)
        {
            throw new ImageFormatException($"type {TypeNames.Display(Type)} has different fields in the image than here (a different build?)");
        }
    }
}
