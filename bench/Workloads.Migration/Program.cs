// HeapServer: a live heap of about HEAP_MB megabytes (many small records in dictionaries), rewritten at
// DIRTY_MBPS megabytes per second, served on PORT (see LineServer). It fills the heap before it listens,
// so the first answer means "ready". Usage: HeapServer PORT HEAP_MB DIRTY_MBPS
using HeapServer;

if (args.Length != 3 || !int.TryParse(args[0], out var port) || !int.TryParse(args[1], out var heapMb)
    || !double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var dirtyMbps))
{
    Console.Error.WriteLine("usage: HeapServer PORT HEAP_MB DIRTY_MBPS");
    return 2;
}

var clock = System.Diagnostics.Stopwatch.StartNew();
var heap = LiveHeap.Served = new LiveHeap(RecordRecipe.RecordsFor(heapMb));
var live = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine($"heap ready: {heap.Count} records, {live / 1_000_000} MB live, filled in {clock.ElapsedMilliseconds} ms");
new Mutator(heap, dirtyMbps * 1_000_000).Start();
new LineServer(heap, port).Run();
return 0;
