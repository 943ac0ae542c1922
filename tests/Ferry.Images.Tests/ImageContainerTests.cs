using System.Text;
using Ferry.Images.Binary;

namespace Ferry.Images.Tests;

public class ImageContainerTests
{
    internal static byte[] SmallImage(ImageCompression compression = ImageCompression.Lz4)
    {
        var header = new ImageHeader
        {
            CreatedUtc = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Assemblies = [new AppAssemblyIdentity("App", "1.0.0.0", new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), [1, 2, 3])],
            Metadata = new Dictionary<string, string> { ["instance"] = "i-1", ["app"] = "demo" },
        };
        var ms = new MemoryStream();
        using (var w = ImageWriter.Create(ms, header, new ImageWriterOptions { Compression = compression, BlockSize = 64 << 10 }, leaveOpen: true))
        {
            w.AddSection("threads", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("frame ", 40))));
            using (var s = w.BeginSection("objects"))
            {
                var rnd = new Random(7);
                var data = new byte[150_000];
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = (byte)(i % 17 == 0 ? rnd.Next(256) : i % 5);
                }
                s.Write(data);
            }
            w.AddSection("empty", []);
            w.Commit();
        }
        return ms.ToArray();
    }

    [Theory]
    [InlineData(ImageCompression.None)]
    [InlineData(ImageCompression.Lz4)]
    [InlineData(ImageCompression.Zstd)]
    public void RoundTripsHeaderAndSections(ImageCompression compression)
    {
        var bytes = SmallImage(compression);
        using var r = ImageReader.Open(new MemoryStream(bytes));
        Assert.Equal(1, r.Header.FormatVersion);
        Assert.Equal(Environment.Version.ToString(), r.Header.RuntimeVersion);
        Assert.Equal("i-1", r.Header.Metadata["instance"]);
        Assert.Equal(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), r.Header.Assemblies[0].Mvid);
        Assert.Equal(["threads", "objects", "empty"], r.Sections.Select(s => s.Name));
        Assert.StartsWith("frame frame", Encoding.UTF8.GetString(r.ReadSection("threads")));
        var objects = r.ReadSection("objects");
        Assert.Equal(150_000, objects.Length);
        Assert.Equal(3, objects[3]);
        Assert.Empty(r.ReadSection("empty"));
        Assert.Equal(3, r.GetSection("objects").BlockCount);
    }

    [Fact]
    public void EveryTruncationIsRefused()
    {
        var bytes = SmallImage();
        for (int len = 0; len < bytes.Length; len++)
        {
            var ex = Assert.Throws<ImageFormatException>(() => ImageReader.Open(new MemoryStream(bytes, 0, len)).Dispose());
            if (len >= 8)
            {
                Assert.Contains("truncated", ex.Message);
                Assert.Contains($"byte {len}", ex.Message);
            }
        }
    }

    [Fact]
    public void RandomBitFlipsAreRefused()
    {
        var bytes = SmallImage();
        var rnd = new Random(12345);
        for (int i = 0; i < 400; i++)
        {
            var copy = (byte[])bytes.Clone();
            int bit = rnd.Next(copy.Length * 8);
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<ImageFormatException>(() => ImageReader.Open(new MemoryStream(copy)).Dispose());
        }
    }

    [Fact]
    public void ForeignFileIsNotAFerryImage()
    {
        var ex = Assert.Throws<ImageFormatException>(() => ImageReader.Open(new MemoryStream(Encoding.ASCII.GetBytes("PK\x03\x04 some zip"))));
        Assert.StartsWith("not a Ferry image", ex.Message);
    }

    [Fact]
    public void NewerFormatVersionIsNamed()
    {
        var bytes = SmallImage();
        bytes[8] = 7;
        // Re-seal the header so only the version is different.
        int bodyLength = BitConverter.ToInt32(bytes, 12);
        int end = 16 + bodyLength;
        BitConverter.TryWriteBytes(bytes.AsSpan(end), XxHash64.Hash(bytes.AsSpan(0, end)));
        var ex = Assert.Throws<ImageFormatException>(() => ImageReader.Open(new MemoryStream(bytes)));
        Assert.Equal("image format version 7 is not supported (this build reads version 1)", ex.Message);
    }

    [Fact]
    public void TrailingBytesAreRefused()
    {
        var bytes = SmallImage().Concat(new byte[] { 0 }).ToArray();
        Assert.Contains("unexpected bytes", Assert.Throws<ImageFormatException>(() => ImageReader.Open(new MemoryStream(bytes))).Message);
    }

    [Fact]
    public void RuntimeMismatchIsRefusedWhenAsked()
    {
        var ms = new MemoryStream();
        using (var w = ImageWriter.Create(ms, new ImageHeader { RuntimeVersion = "8.0.1" }, leaveOpen: true))
        {
            w.Commit();
        }
        ms.Position = 0;
        using (ImageReader.Open(ms)) { }
        ms.Position = 0;
        var ex = Assert.Throws<ImageFormatException>(() => ImageReader.Open(ms, new ImageReadOptions { RequireCurrentRuntime = true }));
        Assert.StartsWith("runtime mismatch: image was made by .NET 8.0.1", ex.Message);
    }

    [Fact]
    public void AssemblyMismatchIsRefusedWhenAsked()
    {
        var bytes = SmallImage();
        var other = new AppAssemblyIdentity("App", "1.0.0.0", Guid.NewGuid(), [1, 2, 3]);
        var ex = Assert.Throws<ImageFormatException>(() => ImageReader.Open(new MemoryStream(bytes), new ImageReadOptions { ExpectedAssemblies = [other] }));
        Assert.Contains("another build of 'App'", ex.Message);
    }

    [Fact]
    public void FileImageAppearsOnlyOnCommit()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ferry-img-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "a.img");
        try
        {
            using (var w = ImageWriter.Create(path, new ImageHeader()))
            {
                w.AddSection("x", [1, 2, 3]);
                Assert.False(File.Exists(path));
            }
            Assert.False(File.Exists(path));
            Assert.Empty(Directory.GetFiles(dir));
            using (var w = ImageWriter.Create(path, new ImageHeader()))
            {
                w.AddSection("x", [1, 2, 3]);
                w.Commit();
            }
            using var r = ImageReader.Open(path);
            Assert.Equal(new byte[] { 1, 2, 3 }, r.ReadSection("x"));
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void MissingFileIsAClearError()
    {
        var ex = Assert.Throws<ImageFormatException>(() => ImageReader.Open("/nonexistent/ferry.img"));
        Assert.Contains("does not exist", ex.Message);
    }

    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    public void XxHash64MatchesReferenceVectors(string text, ulong expected) =>
        Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(text)));
}
