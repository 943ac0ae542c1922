namespace HeapServer;

/// <summary>
/// The live heap: records in 64 dictionaries (shards, each with its own lock), keyed 0..Count-1. Rewriting a
/// record replaces it with a new object of the next version — the old one becomes garbage, the way an app's
/// state churns.
/// </summary>
public sealed class LiveHeap
{
    private const int ShardCount = 64;

    private readonly Dictionary<int, Record>[] _shards = new Dictionary<int, Record>[ShardCount];
    private long _mutations;

    public LiveHeap(int count)
    {
        Count = count;
        for (var s = 0; s < ShardCount; s++) _shards[s] = new Dictionary<int, Record>(count / ShardCount + 1);
        for (var key = 0; key < count; key++) _shards[key % ShardCount][key] = new Record(key, 0);
    }

    public int Count { get; }

    /// <summary>
    /// The heap the server serves, held from a static as a service's state usually is (a registry, a cache, a
    /// singleton): pre-copy's rounds reach the heap through the statics while the app runs; what only thread
    /// stacks hold waits for the final round, with the app stopped.
    /// </summary>
    public static LiveHeap? Served { get; set; }

    public long Mutations => Interlocked.Read(ref _mutations);

    /// <summary>Replace a record with its next version; returns the bytes (about) rewritten.</summary>
    public int Rewrite(int key)
    {
        var shard = _shards[key % ShardCount];
        lock (shard)
        {
            var next = new Record(key, shard[key].Version + 1);
            shard[key] = next;
        }
        Interlocked.Increment(ref _mutations);
        return RecordRecipe.ApproxBytes;
    }

    /// <summary>
    /// Stand-in for an app's warm-up: verify every record over and over until <paramref name="duration"/> has passed
    /// (CPU work whose result is the app's, not a sleep a restore could skip); returns the last digest.
    /// </summary>
    public long WarmUp(TimeSpan duration)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long digest = 0;
        do digest = Sum(0, Count).Digest;
        while (clock.Elapsed < duration);
        return digest;
    }

    /// <summary>Records in [from, to), how many are not intact, and the sum of their digests.</summary>
    public (int Count, int Bad, long Digest) Sum(int from, int to)
    {
        int count = 0, bad = 0;
        long digest = 0;
        for (var key = Math.Max(0, from); key < Math.Min(Count, to); key++)
        {
            var shard = _shards[key % ShardCount];
            Record? record;
            lock (shard)
            {
                shard.TryGetValue(key, out record);
            }
            if (record is null)
            {
                bad++;
                continue;
            }
            count++;
            if (!record.IsIntact()) bad++;
            digest += record.Digest;
        }
        return (count, bad, digest);
    }
}
