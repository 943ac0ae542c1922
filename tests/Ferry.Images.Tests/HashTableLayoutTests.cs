using Ferry.Images.Graph;
using Ferry.Images.Inspection;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

/// <summary>
/// A restored Dictionary/HashSet must behave like the original afterwards: same slots, same free list,
/// so insertions after removals enumerate in the same order. The expected behavior comes from a twin
/// table that replays the same operations in this process.
/// </summary>
public class HashTableLayoutTests
{
    private static readonly string[] Vocabulary = ["ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen"];

    /// <summary>The ListDictionary scenario's steps <paramref name="from"/> … <paramref name="to"/>-1 (40 in all, then two inserts).</summary>
    private static void Count(IDictionary<string, int> counts, int from = 0, int to = 42)
    {
        for (int i = from; i < to; i++)
        {
            if (i >= 40)
            {
                counts[i == 40 ? "zebra" : "yak"] = i == 40 ? 100 : 50;
                continue;
            }
            string w = Vocabulary[i * 5 % Vocabulary.Length];
            counts[w] = counts.TryGetValue(w, out int n) ? n + 1 : 1;
            if (i == 15)
            {
                counts.Remove("cat");
                counts.Remove("bee");
            }
            if (i == 25)
            {
                counts.Remove("fox");
            }
        }
    }

    private static string Order<TKey, TValue>(Dictionary<TKey, TValue> d) where TKey : notnull =>
        string.Join(' ', d.Select(kv => $"{kv.Key}={kv.Value}"));

    [Fact]
    public void DictionaryRestoredAtAnyStepOfTheScenarioEndsInTheSameOrder()
    {
        var twin = new Dictionary<string, int>();
        Count(twin);
        int differsWhenRebuilt = 0;
        for (int step = 0; step <= 42; step++)
        {
            // Checkpoint after `step` steps, restore, run the rest.
            var original = new Dictionary<string, int>();
            Count(original, 0, step);
            var copy = Copy(original);
            Assert.Equal(Order(original), Order(copy));
            Assert.Equal(original.EnsureCapacity(0), copy.EnsureCapacity(0));
            Count(copy, step);
            Assert.Equal(Order(twin), Order(copy));

            // A rebuild in enumeration order (what images did before) would not: that is what this test guards.
            var rebuilt = new Dictionary<string, int>(original);
            Count(rebuilt, step);
            differsWhenRebuilt += Order(twin) == Order(rebuilt) ? 0 : 1;
        }
        Assert.True(differsWhenRebuilt > 0);
    }

    [Fact]
    public void DictionaryWithRemovalsKeepsBehavingTheSame()
    {
        var original = new Dictionary<string, int>();
        Count(original, 0, 16);
        var copy = Copy(original);
        var twin = new Dictionary<string, int>();
        Count(twin, 0, 16);
        foreach (var d in new[] { copy, twin })
        {
            d["zebra"] = 100;
            d.Remove("ant");
            d["owl"] = 1;
            for (int i = 0; i < 50; i++)
            {
                d[$"k{i}"] = i;
            }
            d.Remove("k7");
            d["last"] = -1;
        }
        Assert.Equal(Order(twin), Order(copy));
        Assert.False(copy.ContainsKey("k7"));
        Assert.Equal(100, copy["zebra"]);
        Assert.Equal(twin.Count, copy.Count);
    }

    [Fact]
    public void KeysWhoseHashCodesDifferInTheNewProcessAreRehashed()
    {
        // SaltedKey's hash code changes with its salt, like string and identity hash codes between processes.
        SaltedKey.Salt = 1;
        var original = new Dictionary<SaltedKey, string>();
        var set = new HashSet<SaltedKey>();
        for (int i = 0; i < 30; i++)
        {
            original[new SaltedKey($"k{i}")] = $"v{i}";
            set.Add(new SaltedKey($"s{i}"));
        }
        foreach (int i in new[] { 3, 17, 4, 25 })
        {
            original.Remove(new SaltedKey($"k{i}"));
            set.Remove(new SaltedKey($"s{i}"));
        }
        var s = new ObjectGraphSerializer(Allowlist());
        byte[] image = Write(s, ("root", new object[] { original, set }));

        SaltedKey.Salt = 2;
        var roots = (object[])Read(s, image)["root"]!;
        var copy = (Dictionary<SaltedKey, string>)roots[0];
        var copySet = (HashSet<SaltedKey>)roots[1];

        // The twin replays the same operations under the new hash codes.
        var twin = new Dictionary<SaltedKey, string>();
        var twinSet = new HashSet<SaltedKey>();
        for (int i = 0; i < 30; i++)
        {
            twin[new SaltedKey($"k{i}")] = $"v{i}";
            twinSet.Add(new SaltedKey($"s{i}"));
        }
        foreach (int i in new[] { 3, 17, 4, 25 })
        {
            twin.Remove(new SaltedKey($"k{i}"));
            twinSet.Remove(new SaltedKey($"s{i}"));
        }
        Assert.Equal("v12", copy[new SaltedKey("k12")]);
        Assert.Contains(new SaltedKey("s29"), copySet);
        Assert.DoesNotContain(new SaltedKey("s17"), copySet);
        foreach (var (d, h) in new[] { (copy, copySet), (twin, twinSet) })
        {
            d[new SaltedKey("new1")] = "n1";
            d[new SaltedKey("new2")] = "n2";
            d.Remove(new SaltedKey("k0"));
            d[new SaltedKey("new3")] = "n3";
            h.Add(new SaltedKey("new1"));
            h.Add(new SaltedKey("new2"));
            h.Remove(new SaltedKey("s0"));
            h.Add(new SaltedKey("new3"));
        }
        Assert.Equal(Order(twin), Order(copy));
        Assert.Equal(string.Join(' ', twinSet), string.Join(' ', copySet));
        Assert.Equal(twin.EnsureCapacity(0), copy.EnsureCapacity(0));
        Assert.Equal(twinSet.EnsureCapacity(0), copySet.EnsureCapacity(0));
    }

    [Fact]
    public void HashSetsOfStringsAndValueTypesKeepTheirLayout()
    {
        var strings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var numbers = new HashSet<int>();
        void Fill(HashSet<string> s, HashSet<int> n)
        {
            for (int i = 0; i < 20; i++)
            {
                s.Add($"Item{i}");
                n.Add(i * 37 % 101);
            }
            s.Remove("item5");
            s.Remove("ITEM11");
            n.Remove(37);
            n.Remove(0);
            n.Remove(74 % 101);
        }
        Fill(strings, numbers);
        var copy = Copy(new object[] { strings, numbers });
        var cs = (HashSet<string>)copy[0];
        var cn = (HashSet<int>)copy[1];
        var ts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tn = new HashSet<int>();
        Fill(ts, tn);
        Assert.Same(StringComparer.OrdinalIgnoreCase, cs.Comparer);
        foreach (var (s, n) in new[] { (cs, cn), (ts, tn) })
        {
            s.Add("x");
            s.Add("ITEM5");
            s.Add("y");
            n.Add(1000);
            n.Add(-1);
            n.Add(2000);
        }
        Assert.Equal(string.Join(',', ts), string.Join(',', cs));
        Assert.Equal(string.Join(',', tn), string.Join(',', cn));
        Assert.Contains("item5", cs);
    }

    [Fact]
    public void ValueTypeKeysCustomComparersAndEmptyTables()
    {
        var byId = new Dictionary<int, string>();
        var byLength = new Dictionary<string, int>(new LengthComparer());
        void Fill(Dictionary<int, string> a, Dictionary<string, int> b)
        {
            for (int i = 0; i < 12; i++)
            {
                a[i * 7] = $"#{i}";
                b[new string('x', i + 1)] = i;
            }
            a.Remove(14);
            a.Remove(0);
            b.Remove("xxx");
        }
        Fill(byId, byLength);
        var never = new Dictionary<string, int>();
        var emptied = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };
        emptied.Remove("a");
        emptied.Remove("b");
        var copy = Copy(new object[] { byId, byLength, never, emptied });
        var (ci, cl, cn, ce) = ((Dictionary<int, string>)copy[0], (Dictionary<string, int>)copy[1], (Dictionary<string, int>)copy[2], (Dictionary<string, int>)copy[3]);
        var (ti, tl) = (new Dictionary<int, string>(), new Dictionary<string, int>(new LengthComparer()));
        Fill(ti, tl);
        Assert.IsType<LengthComparer>(cl.Comparer);
        Assert.Equal(0, cn.EnsureCapacity(0));
        Assert.Equal(emptied.EnsureCapacity(0), ce.EnsureCapacity(0));
        foreach (var (a, b) in new[] { (ci, cl), (ti, tl) })
        {
            a[500] = "a";
            a[14] = "b";
            a[501] = "c";
            b["yyy"] = 3;
            b["zzzzzzzzzzzzzzzzzzzz"] = 20;
        }
        ce["c"] = 3;
        ce["d"] = 4;
        Assert.Equal(Order(ti), Order(ci));
        Assert.Equal(Order(tl), Order(cl));
        Assert.Equal("d=4 c=3", Order(ce)); // the last freed slot is reused first
        cn["first"] = 1;
        Assert.Equal(1, cn["first"]);
    }

    [Fact]
    public void AClearedHugeTableComesBackSmallerButBehavesTheSame()
    {
        var big = new Dictionary<int, int>();
        for (int i = 0; i < 50_000; i++)
        {
            big[i] = i;
        }
        big.Clear();
        big[7] = 7;
        big[3] = 3;
        big.Remove(7);
        var copy = Copy(big);
        Assert.True(copy.EnsureCapacity(0) < big.EnsureCapacity(0));
        foreach (var d in new[] { copy, big })
        {
            d[1] = 1;
            d[2] = 2;
        }
        Assert.Equal(Order(big), Order(copy));
    }

    [Fact]
    public void InspectionReadsTablesWithFreeSlots()
    {
        var d = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 3 };
        d.Remove("b");
        var h = new HashSet<int> { 1, 2, 3 };
        h.Remove(1);
        var s = new ObjectGraphSerializer(Allowlist());
        var view = ImageDocument.Load(new MemoryStream(Write(s, ("root", new object[] { d, h })))).Graph!;
        var dict = view.Objects.Single(o => o.Kind == "dictionary");
        Assert.Equal(["a", "c"], dict.Entries.Select(e => view.Resolve(e.Key)!.Value));
        Assert.Equal([2, 3], (int[])view.Objects.Single(o => o.Kind == "hash-set").PrimitiveItems!);
    }

    [Fact]
    public void KeysThatCollideInTheNewProcessAreRefused()
    {
        // Distinct when written, equal when read: the reader's own lookup catches the repeated key.
        FlakyKey.AllEqual = false;
        var d = new Dictionary<FlakyKey, int> { [new FlakyKey("a")] = 1, [new FlakyKey("b")] = 2 };
        var h = new HashSet<FlakyKey> { new("a"), new("b") };
        var s = new ObjectGraphSerializer(Allowlist());
        byte[] dictImage = Write(s, ("root", d));
        byte[] setImage = Write(s, ("root", h));
        FlakyKey.AllEqual = true;
        try
        {
            Assert.Contains("repeated key", Assert.Throws<ImageFormatException>(() => Read(s, dictImage)).Message);
            Assert.Contains("same item twice", Assert.Throws<ImageFormatException>(() => Read(s, setImage)).Message);
        }
        finally
        {
            FlakyKey.AllEqual = false;
        }
    }
}
