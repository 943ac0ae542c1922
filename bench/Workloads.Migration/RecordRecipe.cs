namespace HeapServer;

/// <summary>
/// What every record holds, as a function of its key and version only: the server checks its heap against
/// it, and the harness (which links this file) computes the answers it expects. Keys below
/// <see cref="StaticKeys"/> are never rewritten, so their digest is known exactly.
/// </summary>
public static class RecordRecipe
{
    /// <summary>Records the mutator never touches (the range whose digest a client can check exactly).</summary>
    public const int StaticKeys = 256;

    /// <summary>Rough bytes one record takes on the heap (record, name, tags, data array): sizes the heap.</summary>
    public const int ApproxBytes = 600;

    /// <summary>Records for a heap of about <paramref name="megabytes"/> MB (at least the static range).</summary>
    public static int RecordsFor(int megabytes) => Math.Max(StaticKeys * 2, (int)((long)megabytes * 1_000_000 / ApproxBytes));

    /// <summary>Data length varies with the key (32–95 ints), so the heap is not one shape repeated.</summary>
    public static int DataLength(int key) => 32 + (int)(Mix(key, 0, -1) & 63);

    public static int DataAt(int key, int version, int index) => (int)Mix(key, version, index);

    public static string Name(int key, int version) => $"record-{key}-v{version}";

    public static string[] Tags(int key, int version) => [$"shard-{key % 64}", $"gen-{version % 7}"];

    /// <summary>The digest of a record built by the recipe (what <see cref="Record.Digest"/> holds).</summary>
    public static long Digest(int key, int version)
    {
        long sum = 0;
        var length = DataLength(key);
        for (var i = 0; i < length; i++) sum += DataAt(key, version, i);
        return sum + Name(key, version).Length + version;
    }

    /// <summary>Sum of the digests of keys [from, to) at version 0: the answer to <c>sum</c> over the static range.</summary>
    public static long StaticDigest(int from, int to)
    {
        long sum = 0;
        for (var key = from; key < to; key++) sum += Digest(key, 0);
        return sum;
    }

    private static ulong Mix(int key, int version, int index)
    {
        // splitmix64 over the three numbers: cheap, and every bit depends on all of them.
        var z = ((ulong)(uint)key << 32 | (uint)version) ^ ((ulong)(uint)index * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
