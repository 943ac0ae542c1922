using Ferry.Images.Binary;

namespace Ferry.Images.Graph;

/// <summary>
/// The "round" section of an incremental graph image (<see cref="GraphSession"/>): which session and round it
/// is, the object and type counts before and after it (so a missing, repeated or reordered round is refused),
/// and the roots it writes, in section order.
/// </summary>
internal sealed record RoundManifest(Guid Session, int Round, bool Final, int ObjectsBefore, int TypesBefore,
    int ObjectsAfter, int TypesAfter, IReadOnlyList<string> Roots)
{
    public const string SectionName = "round";
    public const string UpdatesSection = "updates";
    /// <summary>Round format version (on top of <see cref="GraphManifest.Version"/>, the encoding of objects).</summary>
    public const int Version = 1;

    public static bool IsReserved(string name) => name is SectionName or UpdatesSection or GraphManifest.SectionName;

    public byte[] Encode()
    {
        var w = new SpanWriter();
        w.U8((byte)'R');
        w.VarU64(GraphManifest.Version);
        w.VarU64(Version);
        Span<byte> id = stackalloc byte[16];
        Session.TryWriteBytes(id);
        w.Bytes(id);
        w.VarU64((ulong)Round);
        w.U8(Final ? (byte)1 : (byte)0);
        w.VarU64((ulong)ObjectsBefore);
        w.VarU64((ulong)TypesBefore);
        w.VarU64((ulong)ObjectsAfter);
        w.VarU64((ulong)TypesAfter);
        w.VarU64((ulong)Roots.Count);
        foreach (var r in Roots)
        {
            w.Utf8(r);
        }
        return w.Written.ToArray();
    }

    public static RoundManifest Read(ImageReader image)
    {
        if (!image.HasSection(SectionName) || !image.HasSection(UpdatesSection))
        {
            throw new ImageFormatException("image is not a round of an incremental image (no 'round' and 'updates' sections)");
        }
        if (image.GetSection(SectionName).RawLength > 1 << 20)
        {
            throw new ImageFormatException("corrupted round manifest: too large");
        }
        var r = new SpanReader(image.ReadSection(SectionName), "round manifest");
        if (r.U8() != (byte)'R')
        {
            throw r.Bad("bad signature");
        }
        ulong encoding = r.VarU64();
        if (encoding != GraphManifest.Version)
        {
            throw new ImageFormatException($"object graph encoding version {encoding} is not supported (this build reads version {GraphManifest.Version})");
        }
        ulong version = r.VarU64();
        if (version != Version)
        {
            throw new ImageFormatException($"incremental round format version {version} is not supported (this build reads version {Version})");
        }
        var id = new Guid(r.Take(16));
        int round = r.VarInt32(int.MaxValue);
        byte final = r.U8();
        if (final > 1)
        {
            throw r.Bad($"final flag {final}");
        }
        int objectsBefore = r.VarInt32(int.MaxValue);
        int typesBefore = r.VarInt32(int.MaxValue);
        int objectsAfter = r.VarInt32(int.MaxValue);
        int typesAfter = r.VarInt32(int.MaxValue);
        if (objectsAfter < objectsBefore || typesAfter < typesBefore)
        {
            throw r.Bad("counts go down");
        }
        int count = r.VarInt32(1024);
        var roots = new string[count];
        for (int i = 0; i < count; i++)
        {
            roots[i] = r.Utf8(64);
            if (!image.HasSection(roots[i]) || IsReserved(roots[i]) || roots.Take(i).Contains(roots[i]))
            {
                throw r.Bad($"root '{roots[i]}' has no section of its own");
            }
        }
        if (!r.AtEnd)
        {
            throw r.Bad("unexpected bytes at its end");
        }
        return new RoundManifest(id, round, final == 1, objectsBefore, typesBefore, objectsAfter, typesAfter, roots);
    }
}
