using BenchmarkDotNet.Running;
using Ferry.Bench.Images;

// heap [MB] [repeats]: the checkpoint-throughput harness on a big graph; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "heap")
{
    int mb = args.Length > 1 ? int.Parse(args[1]) : 200;
    int repeats = args.Length > 2 ? int.Parse(args[2]) : 3;
    return HeapHarness.Run(mb, repeats, Path.Combine(Path.GetTempPath(), "ferry-bench-images"));
}
if (args.Length > 0 && args[0] == "precopy")
{
    // precopy [MB] [dirty MB/s]: pre-copy rounds on a heap a writer thread keeps changing.
    int mb = args.Length > 1 ? int.Parse(args[1]) : 100;
    double rate = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
    return PrecopyHarness.Run(mb, rate, Path.Combine(Path.GetTempPath(), "ferry-bench-precopy"));
}
if (args.Length > 0 && args[0] is "writes" or "reads")
{
    // writes|reads [repeats] [none|lz4|zstd]: only graph writes to a null stream (or reads from memory), for profiling and CPU-time comparisons.
    int repeats = args.Length > 1 ? int.Parse(args[1]) : 10;
    var codec = args.Length > 2 ? Enum.Parse<Ferry.Images.ImageCompression>(args[2], ignoreCase: true) : Ferry.Images.ImageCompression.Lz4;
    return WriteLoop.Run(repeats, codec, reads: args[0] == "reads");
}
if (args.Length > 0 && args[0] == "parts")
{
    bool tablesOnly = args.Length > 1 && args[1] == "tables";
    var shop = HeapBuilder.Build(200);
    var ser = new Ferry.Images.Graph.ObjectGraphSerializer(new Ferry.Images.Graph.TypeAllowlist().AddAssembly(typeof(Shop).Assembly));
    void Time(string what, object root, Ferry.Images.ImageCompression c, int threads)
    {
        for (int i = 0; i < 3; i++)
        {
            var p0 = GC.GetTotalPauseDuration(); int g0 = GC.CollectionCount(0), g2 = GC.CollectionCount(2);
            double c0 = CpuClock.ThreadSeconds();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            using (var w = Ferry.Images.ImageWriter.Create(Stream.Null, new Ferry.Images.ImageHeader(), new Ferry.Images.ImageWriterOptions { Compression = c, CompressionThreads = threads }))
            {
                ser.Write(w, ("root", root));
                w.Commit();
            }
            Console.WriteLine($"{what} {c} t={threads}: {sw.ElapsedMilliseconds} ms, writer thread cpu {(CpuClock.ThreadSeconds() - c0) * 1000:F0} ms; gc pause {(GC.GetTotalPauseDuration() - p0).TotalMilliseconds:F0} ms, gen0 {GC.CollectionCount(0) - g0}, gen2 {GC.CollectionCount(2) - g2}");
        }
    }
    var arrays = new Shop { Sensors = shop.Sensors, Index = shop.Index, Blobs = shop.Blobs };
    var orders = new Shop { Orders = shop.Orders };
    for (int k = 0; k < 5; k++)
    {
        double c0 = CpuClock.ThreadSeconds();
        var sw0 = System.Diagnostics.Stopwatch.StartNew();
        var table = new HashIdTable();
        int n = 0;
        foreach (var o in shop.Orders) { table.GetOrAdd(o, n++); table.GetOrAdd(o.Sku, n++); table.GetOrAdd(o.Customer!, n++); }
        Console.WriteLine($"hash table only (identity hash): {sw0.ElapsedMilliseconds} ms, cpu {(CpuClock.ThreadSeconds() - c0) * 1000:F0} ms for {table.Count} objects");
        table = null;
        GC.Collect();
        c0 = CpuClock.ThreadSeconds();
        sw0.Restart();
        using (var map = new Ferry.Images.Graph.ObjectIdMap())
        {
            foreach (var o in shop.Orders) { map.GetOrAdd(o); map.GetOrAdd(o.Sku); map.GetOrAdd(o.Customer!); }
            Console.WriteLine($"address map only (ObjectIdMap): {sw0.ElapsedMilliseconds} ms, cpu {(CpuClock.ThreadSeconds() - c0) * 1000:F0} ms for {map.Count} objects");
        }
        c0 = CpuClock.ThreadSeconds();
        sw0.Restart();
        long sum = 0;
        foreach (var o in shop.Orders) { sum += o.Id + o.Sku.Length + o.Customer!.Id + o.Quantity + (long)o.Price + o.At.Ticks; }
        Console.WriteLine($"touch only: {sw0.ElapsedMilliseconds} ms, cpu {(CpuClock.ThreadSeconds() - c0) * 1000:F0} ms {sum}");
    }
    if (tablesOnly)
    {
        return 0;
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
