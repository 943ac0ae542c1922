using BenchmarkDotNet.Running;
using Ferry.Bench.Images;

// heap [MB] [repeats]: the checkpoint-throughput harness on a big graph; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "heap")
{
    int mb = args.Length > 1 ? int.Parse(args[1]) : 200;
    int repeats = args.Length > 2 ? int.Parse(args[2]) : 3;
    return HeapHarness.Run(mb, repeats, Path.Combine(Path.GetTempPath(), "ferry-bench-images"));
}
if (args.Length > 0 && args[0] == "parts")
{
    var shop = HeapBuilder.Build(200);
    var ser = new Ferry.Images.Graph.ObjectGraphSerializer(new Ferry.Images.Graph.TypeAllowlist().AddAssembly(typeof(Shop).Assembly));
    void Time(string what, object root, Ferry.Images.ImageCompression c, int threads)
    {
        for (int i = 0; i < 3; i++)
        {
            var p0 = GC.GetTotalPauseDuration(); int g0 = GC.CollectionCount(0), g2 = GC.CollectionCount(2);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            using (var w = Ferry.Images.ImageWriter.Create(Stream.Null, new Ferry.Images.ImageHeader(), new Ferry.Images.ImageWriterOptions { Compression = c, CompressionThreads = threads }))
            {
                ser.Write(w, ("root", root));
                w.Commit();
            }
            Console.WriteLine($"{what} {c} t={threads}: {sw.ElapsedMilliseconds} ms; gc pause {(GC.GetTotalPauseDuration() - p0).TotalMilliseconds:F0} ms, gen0 {GC.CollectionCount(0) - g0}, gen2 {GC.CollectionCount(2) - g2}");
        }
    }
    var arrays = new Shop { Sensors = shop.Sensors, Index = shop.Index, Blobs = shop.Blobs };
    var orders = new Shop { Orders = shop.Orders };
    for (int k = 0; k < 3; k++)
    {
        var sw0 = System.Diagnostics.Stopwatch.StartNew();
        var table = new Ferry.Images.Graph.ReferenceIdTable();
        int n = 0;
        foreach (var o in shop.Orders) { table.GetOrAdd(o, n++); table.GetOrAdd(o.Sku, n++); table.GetOrAdd(o.Customer!, n++); }
        var sw1 = System.Diagnostics.Stopwatch.StartNew(); long hs = 0;
        foreach (var o in shop.Orders) { hs += System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(o) + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(o.Sku); }
        Console.WriteLine($"hash only: {sw1.ElapsedMilliseconds} ms {hs}");
        Console.WriteLine($"table only: {sw0.ElapsedMilliseconds} ms for {table.Count} objects");
        sw0.Restart();
        long sum = 0;
        foreach (var o in shop.Orders) { sum += o.Id + o.Sku.Length + o.Customer!.Id + o.Quantity + (long)o.Price + o.At.Ticks; }
        Console.WriteLine($"touch only: {sw0.ElapsedMilliseconds} ms {sum}");
    }
    Time("all", shop, Ferry.Images.ImageCompression.None, 0);
    Time("all", shop, Ferry.Images.ImageCompression.Lz4, 1);
    Time("arrays", arrays, Ferry.Images.ImageCompression.None, 0);
    Time("arrays", arrays, Ferry.Images.ImageCompression.Lz4, 1);
    Time("orders", orders, Ferry.Images.ImageCompression.None, 0);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args);
return 0;
