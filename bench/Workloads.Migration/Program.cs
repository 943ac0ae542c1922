// HeapServer: a live heap of about HEAP_MB megabytes (many small records in dictionaries), rewritten at
// DIRTY_MBPS megabytes per second, served on PORT (see LineServer). It fills the heap before it listens,
// so the first answer means "ready". WARMUP_SECONDS (default 0) of work before it listens stands for an app's
// warm-up (caches, JIT): what a clone, started from a warm primary's state, does not repeat.
// Usage: HeapServer PORT HEAP_MB DIRTY_MBPS [WARMUP_SECONDS]
using HeapServer;

var warmupSeconds = 0.0;
if (args.Length is < 3 or > 4 || !int.TryParse(args[0], out var port) || !int.TryParse(args[1], out var heapMb)
    || !double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var dirtyMbps)
    || args.Length == 4 && !double.TryParse(args[3], System.Globalization.CultureInfo.InvariantCulture, out warmupSeconds))
{
    Console.Error.WriteLine("usage: HeapServer PORT HEAP_MB DIRTY_MBPS [WARMUP_SECONDS]");
    return 2;
}

var clock = System.Diagnostics.Stopwatch.StartNew();
var heap = LiveHeap.Served = new LiveHeap(RecordRecipe.RecordsFor(heapMb));
var live = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine($"heap ready: {heap.Count} records, {live / 1_000_000} MB live, filled in {clock.ElapsedMilliseconds} ms");
if (warmupSeconds > 0) Console.WriteLine($"warmed up: digest {heap.WarmUp(TimeSpan.FromSeconds(warmupSeconds))}");
new Mutator(heap, dirtyMbps * 1_000_000).Start();
new LineServer(heap, port).Run();
return 0;
