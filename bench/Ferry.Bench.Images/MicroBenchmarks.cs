using BenchmarkDotNet.Attributes;
using Ferry.Images;
using Ferry.Images.Graph;

namespace Ferry.Bench.Images;

/// <summary>Parts of a checkpoint on a small shop (~10 MB): graph write and read, checksum, container.</summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private Shop _shop = null!;
    private ObjectGraphSerializer _serializer = null!;
    private byte[] _image = [];
    private byte[] _block = [];

    [GlobalSetup]
    public void Setup()
    {
        _shop = HeapBuilder.Build(10);
        _serializer = new ObjectGraphSerializer(new TypeAllowlist().AddAssembly(typeof(Shop).Assembly));
        _image = WriteImage(ImageCompression.Lz4);
        _block = new byte[1 << 20];
        new Random(1).NextBytes(_block);
    }

    private byte[] WriteImage(ImageCompression compression)
    {
        var ms = new MemoryStream();
        using (var w = ImageWriter.Create(ms, new ImageHeader(), new ImageWriterOptions { Compression = compression }, leaveOpen: true))
        {
            _serializer.Write(w, ("shop", _shop));
            w.Commit();
        }
        return ms.ToArray();
    }

    [Benchmark]
    public int WriteGraphLz4() => WriteImage(ImageCompression.Lz4).Length;

    [Benchmark]
    public int WriteGraphUncompressed() => WriteImage(ImageCompression.None).Length;

    [Benchmark]
    public int ReadGraph()
    {
        using var r = ImageReader.Open(new MemoryStream(_image));
        return ((Shop)_serializer.Read(r)["shop"]!).Orders.Count;
    }

    [Benchmark]
    public ulong XxHash64OneMiB() => Ferry.Images.Binary.XxHash64.Hash(_block);
}
