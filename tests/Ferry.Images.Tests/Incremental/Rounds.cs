using Ferry.Images.Graph;

namespace Ferry.Images.Tests.Incremental;

/// <summary>Writes the rounds of a <see cref="GraphSession"/> into in-memory images and reads them back.</summary>
internal sealed class Rounds(GraphSession session) : IDisposable
{
    public List<byte[]> Images { get; } = new();

    public List<RoundStats> Stats { get; } = new();

    public RoundStats Write(IEnumerable<object> changed, bool final = false, params (string, object?)[] roots)
    {
        var ms = new MemoryStream();
        RoundStats stats;
        using (var w = ImageWriter.Create(ms, new ImageHeader(), new ImageWriterOptions { BlockSize = 64 << 10 }, leaveOpen: true))
        {
            stats = session.WriteRound(w, changed, final, roots);
            w.Commit();
        }
        Images.Add(ms.ToArray());
        Stats.Add(stats);
        return stats;
    }

    public static ObjectGraph Read(ObjectGraphSerializer serializer, IEnumerable<byte[]> images)
    {
        var readers = images.Select(b => ImageReader.Open(new MemoryStream(b))).ToList();
        try
        {
            return serializer.ReadRounds(readers);
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    public void Dispose() => session.Dispose();
}
