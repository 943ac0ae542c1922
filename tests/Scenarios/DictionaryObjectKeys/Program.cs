// Object keys: hash codes computed from identity (RuntimeHelpers.GetHashCode) or from
// randomized string hashing differ in a new process; lookups must still work after restore.
namespace DictionaryObjectKeys;

internal sealed class Coord : IEquatable<Coord>
{
    public Coord(int x, int y) { X = x; Y = y; }
    public int X { get; }
    public int Y { get; }
    public bool Equals(Coord? other) => other is not null && other.X == X && other.Y == Y;
    public override bool Equals(object? obj) => Equals(obj as Coord);
    public override int GetHashCode() => HashCode.Combine(X, Y); // randomized seed per process
    public override string ToString() => $"({X},{Y})";
}

internal readonly record struct Key(string Name, int Version);

internal sealed class Token // no Equals/GetHashCode override: identity semantics
{
    public Token(string name) => Name = name;
    public string Name { get; }
}

internal static class Program
{
    private static int Main()
    {
        var byCoord = new Dictionary<Coord, string>();
        var keyed = new Dictionary<Key, int>();
        var tokens = new List<Token>();
        var byToken = new Dictionary<Token, int>();
        var identitySet = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var caseless = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var mixed = new Dictionary<object, string>();

        for (int i = 0; i < 24; i++)
        {
            var c = new Coord(i % 5, i / 5);
            byCoord[c] = "v" + i;
            keyed[new Key("k" + i % 6, i % 4)] = i;
            var t = new Token("t" + i);
            tokens.Add(t);
            byToken[t] = i * i;
            identitySet.Add(t);
            caseless[i % 2 == 0 ? "Name" + i % 3 : "NAME" + i % 3] = i;
            mixed[i % 3 == 0 ? i : i % 3 == 1 ? (object)("s" + i) : c] = "m" + i;
        }
        Console.WriteLine($"byCoord={byCoord.Count} keyed={keyed.Count} byToken={byToken.Count} identitySet={identitySet.Count} caseless={caseless.Count} mixed={mixed.Count}");

        // Lookups with freshly created equal keys (value semantics) and the original objects (identity).
        var hits = new List<string>();
        for (int i = 0; i < 24; i += 5)
        {
            string coordHit = byCoord[new Coord(i % 5, i / 5)];
            int keyedHit = keyed[new Key("k" + i % 6, i % 4)];
            int tokenHit = byToken[tokens[i]];
            bool inSet = identitySet.Contains(tokens[i]);
            bool strangerInSet = identitySet.Contains(new Token("t" + i));
            int caseHit = caseless["name" + i % 3];
            hits.Add($"{coordHit}/{keyedHit}/{tokenHit}/{inSet}/{strangerInSet}/{caseHit}");
        }
        Console.WriteLine("hits " + string.Join(' ', hits));
        Console.WriteLine($"mixed 9={mixed[9]} s10={mixed["s10"]} coord={mixed[new Coord(23 % 5, 23 / 5)]}");

        var removed = 0;
        for (int i = 0; i < tokens.Count; i += 3)
            if (byToken.Remove(tokens[i])) removed++;
        Console.WriteLine($"removed={removed} left={byToken.Count}");

        for (int i = 0; i < 24; i++)
        {
            if (byCoord[new Coord(i % 5, i / 5)] != "v" + i) return Fail(11, "coord " + i);
            if (!identitySet.Contains(tokens[i])) return Fail(12, "identity set " + i);
            if (i % 3 != 0 && byToken[tokens[i]] != i * i) return Fail(13, "token " + i);
        }
        if (byToken.ContainsKey(new Token("t1"))) return Fail(14, "identity semantics");
        if (caseless.Count != 3 || keyed.Count != 12) return Fail(15, "counts");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
