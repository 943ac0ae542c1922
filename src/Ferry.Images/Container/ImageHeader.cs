using System.Collections.ObjectModel;
using System.Reflection;
using Ferry.Images.Container;
using Ferry.Images.Binary;

namespace Ferry.Images;

/// <summary>What an image says about itself before any section is read.</summary>
public sealed class ImageHeader
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>Container format version (set by the reader; writers always write the current one).</summary>
    public int FormatVersion { get; init; } = ImageLayout.FormatVersion;

    /// <summary>The .NET runtime version that made the image, e.g. "10.0.12".</summary>
    public string RuntimeVersion { get; init; } = Environment.Version.ToString();

    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The app's own assemblies (the code the image belongs to).</summary>
    public IReadOnlyList<AppAssemblyIdentity> Assemblies { get; init; } = [];

    /// <summary>Free-form key/values (instance id, app name, checkpoint reason, ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = NoMetadata;

    /// <summary>A header for an image made now by this process, for the given app assemblies.</summary>
    public static ImageHeader ForCurrentProcess(IEnumerable<Assembly> appAssemblies, IReadOnlyDictionary<string, string>? metadata = null) => new()
    {
        Assemblies = appAssemblies.Select(AppAssemblyIdentity.FromAssembly).ToArray(),
        Metadata = metadata ?? NoMetadata,
    };

    internal byte[] EncodeBody()
    {
        var w = new SpanWriter();
        w.Utf8(RuntimeVersion);
        w.I64(CreatedUtc.UtcTicks);
        w.VarU64((ulong)Assemblies.Count);
        foreach (var a in Assemblies)
        {
            w.Utf8(a.Name);
            w.Utf8(a.Version);
            w.Bytes(a.Mvid.ToByteArray());
            w.VarU64((ulong)a.ContentHash.Length);
            w.Bytes(a.ContentHash);
        }
        // Sorted so that equal headers encode to equal bytes.
        var keys = Metadata.Keys.Order(StringComparer.Ordinal).ToArray();
        w.VarU64((ulong)keys.Length);
        foreach (var k in keys)
        {
            w.Utf8(k);
            w.Utf8(Metadata[k]);
        }
        return w.Written.ToArray();
    }

    internal static ImageHeader DecodeBody(ReadOnlySpan<byte> body, int formatVersion)
    {
        var r = new SpanReader(body, "image header");
        string runtime = r.Utf8(256);
        long ticks = r.I64();
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            throw r.Bad("creation time out of range");
        }
        int count = r.VarInt32(r.Remaining);
        var assemblies = new AppAssemblyIdentity[count];
        for (int i = 0; i < count; i++)
        {
            string name = r.Utf8(1024);
            string version = r.Utf8(64);
            var mvid = new Guid(r.Take(16));
            int hashLength = r.VarInt32(64);
            assemblies[i] = new AppAssemblyIdentity(name, version, mvid, r.Take(hashLength).ToArray());
        }
        int metaCount = r.VarInt32(r.Remaining);
        var meta = new Dictionary<string, string>(metaCount, StringComparer.Ordinal);
        for (int i = 0; i < metaCount; i++)
        {
            string key = r.Utf8();
            if (!meta.TryAdd(key, r.Utf8()))
            {
                throw r.Bad($"metadata key '{key}' appears twice");
            }
        }
        if (!r.AtEnd)
        {
            throw r.Bad($"{r.Remaining} unexpected bytes at its end");
        }
        return new ImageHeader
        {
            FormatVersion = formatVersion,
            RuntimeVersion = runtime,
            CreatedUtc = new DateTimeOffset(ticks, TimeSpan.Zero),
            Assemblies = assemblies,
            Metadata = new ReadOnlyDictionary<string, string>(meta),
        };
    }
}
