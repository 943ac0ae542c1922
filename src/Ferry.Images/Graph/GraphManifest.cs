using Ferry.Images.Binary;

namespace Ferry.Images.Graph;

/// <summary>
/// The "graph" section: graph encoding version, root names in the order their sections were written,
/// and totals used to check and size a read.
/// </summary>
internal sealed record GraphManifest(IReadOnlyList<string> Roots, int ObjectCount, int TypeCount)
{
    public const string SectionName = "graph";
    /// <summary>Graph encoding version: 2 added hash-table slot layouts and exceptions.</summary>
    public const int Version = 3;

    public byte[] Encode()
    {
        var w = new SpanWriter();
        w.U8((byte)'G');
        w.VarU64(Version);
        w.VarU64((ulong)Roots.Count);
        foreach (var r in Roots)
        {
            w.Utf8(r);
        }
        w.VarU64((ulong)ObjectCount);
        w.VarU64((ulong)TypeCount);
        return w.Written.ToArray();
    }

    public static GraphManifest Read(ImageReader image)
    {
        if (!image.HasSection(SectionName))
        {
            throw new ImageFormatException("image holds no object graph (no 'graph' section)");
        }
        var info = image.GetSection(SectionName);
        if (info.RawLength > 1 << 20)
        {
            throw new ImageFormatException("corrupted graph manifest: too large");
        }
        var r = new SpanReader(image.ReadSection(SectionName), "graph manifest");
        if (r.U8() != (byte)'G')
        {
            throw r.Bad("bad signature");
        }
        ulong version = r.VarU64();
        if (version != Version)
        {
            throw new ImageFormatException($"object graph encoding version {version} is not supported (this build reads version {Version})");
        }
        int count = r.VarInt32(1024);
        var roots = new string[count];
        for (int i = 0; i < count; i++)
        {
            roots[i] = r.Utf8(64);
            if (!image.HasSection(roots[i]) || roots[i] == SectionName || roots.Take(i).Contains(roots[i]))
            {
                throw r.Bad($"root '{roots[i]}' has no section of its own");
            }
        }
        int objects = r.VarInt32(int.MaxValue);
        int types = r.VarInt32(int.MaxValue);
        if (!r.AtEnd)
        {
            throw r.Bad("unexpected bytes at its end");
        }
        return new GraphManifest(roots, objects, types);
    }
}
