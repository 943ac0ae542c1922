using Ferry.Images.Graph;

namespace Ferry.Images.Tests;

/// <summary>Writes roots into an in-memory image and reads them back.</summary>
internal static class GraphRoundTrip
{
    public static TypeAllowlist Allowlist() => new TypeAllowlist().AddAssembly(typeof(GraphRoundTrip).Assembly);

    public static byte[] Write(ObjectGraphSerializer serializer, params (string, object?)[] roots)
    {
        var ms = new MemoryStream();
        using (var w = ImageWriter.Create(ms, new ImageHeader(), new ImageWriterOptions { BlockSize = 64 << 10 }, leaveOpen: true))
        {
            serializer.Write(w, roots);
            w.Commit();
        }
        return ms.ToArray();
    }

    public static ObjectGraph Read(ObjectGraphSerializer serializer, byte[] image)
    {
        using var r = ImageReader.Open(new MemoryStream(image));
        return serializer.Read(r);
    }

    public static T Copy<T>(T value, IObjectSurrogates? surrogates = null)
    {
        var s = new ObjectGraphSerializer(Allowlist(), surrogates);
        return (T)Read(s, Write(s, ("root", value)))["root"]!;
    }
}
