using Ferry.Images.Graph;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

/// <summary>Blocks are written to the output by an emitter thread: its failures must reach the writer.</summary>
public class BlockPipelineTests
{
    /// <summary>Accepts <see cref="_left"/> bytes, then fails like a full disk.</summary>
    private sealed class FailingStream(long capacity) : MemoryStream
    {
        private long _left = capacity;

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            _left -= count;
            if (_left < 0)
            {
                throw new IOException("No space left on device");
            }
            base.Write(buffer, offset, count);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void AnOutputErrorReachesTheWriterAndTheImageIsAbandoned(int threads)
    {
        var s = new ObjectGraphSerializer(Allowlist());
        var data = Enumerable.Range(0, 400_000).Select(i => $"item {i}").ToList(); // several blocks
        var output = new FailingStream(200_000);
        var writer = ImageWriter.Create(output, new ImageHeader(), new ImageWriterOptions { BlockSize = 64 << 10, CompressionThreads = threads, Compression = ImageCompression.None }, leaveOpen: true);
        var ex = Record.Exception(() =>
        {
            s.Write(writer, ("root", data));
            writer.Commit();
        });
        Assert.IsType<IOException>(ex);
        Assert.Contains("failed earlier", Assert.Throws<InvalidOperationException>(() => writer.Commit()).Message);
        writer.Dispose(); // returns: the emitter thread has ended
        Assert.Throws<ObjectDisposedException>(() => writer.BeginSection("more"));

        // The same serializer and a good stream still make a good image.
        Assert.Equal(data.Count, ((List<string>)Read(s, Write(s, ("root", data)))["root"]!).Count);
    }
}
