using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Ferry.Images.Graph;
using Xunit.Abstractions;

namespace Ferry.Images.Tests.Incremental;

/// <summary>
/// Base + update rounds against one full write of the final state (the oracle), object by object.
/// </summary>
public sealed class IncrementalGraphTests(ITestOutputHelper output)
{
    private static readonly Func<Type, bool> AppTypes = t => t.Assembly == typeof(IncrementalGraphTests).Assembly;

    private static ObjectGraphSerializer Serializer(IObjectSurrogates? surrogates = null) =>
        new(GraphRoundTrip.Allowlist(), surrogates);

    private static object? FullCopy(ObjectGraphSerializer s, object? root) =>
        GraphRoundTrip.Read(s, GraphRoundTrip.Write(s, ("root", root)))["root"];

    [Theory]
    [InlineData(1, 1, 30)]
    [InlineData(2, 3, 10)]
    [InlineData(3, 6, 200)]
    [InlineData(4, 10, 1)]
    [InlineData(5, 4, 1000)]
    public void RandomMutationsBetweenRoundsReadAsOneFullWriteOfTheFinalState(int seed, int rounds, int mutationsPerRound)
    {
        var s = Serializer();
        var ledger = LedgerMutator.Create(60);
        var mutator = new LedgerMutator(ledger, seed);
        using var r = new Rounds(s.BeginSession(AppTypes));
        r.Write([], false, ("root", ledger));
        for (int i = 0; i < rounds; i++)
        {
            var dirty = new List<object>();
            for (int k = 0; k < mutationsPerRound; k++)
            {
                mutator.Mutate(dirty);
            }
            r.Write(dirty, final: i == rounds - 1);
        }

        var incremental = Rounds.Read(s, r.Images)["root"];
        GraphOracle.AssertSame(FullCopy(s, ledger), incremental);
    }

    [Fact]
    public void TheOracleSeesAMissedWrite()
    {
        // The same mutations with one write not reported: the graphs must differ, or the oracle proves nothing.
        var s = Serializer();
        var ledger = LedgerMutator.Create(20);
        using var r = new Rounds(s.BeginSession(AppTypes));
        r.Write([], false, ("root", ledger));
        ledger.All[3].Balance += 1_000_000;
        r.Write([], final: true);

        var incremental = Rounds.Read(s, r.Images)["root"];
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GraphOracle.AssertSame(FullCopy(s, ledger), incremental));
    }

    [Fact]
    public void FrameworkInternalsTravelWithTheObjectThatOwnsThem()
    {
        // A SortedDictionary keeps its entries in a tree object of its own, written by framework code: reporting
        // the dictionary must send the tree too, when the session knows which types report their own writes.
        var s = Serializer();
        var totals = new SortedDictionary<string, int> { ["a"] = 1 };
        var holder = new Holder { Item = totals };

        using (var r = new Rounds(s.BeginSession(AppTypes)))
        {
            r.Write([], false, ("root", holder));
            totals["b"] = 2;
            r.Write([totals], final: true);
            GraphOracle.AssertSame(FullCopy(s, holder), Rounds.Read(s, r.Images)["root"]);
        }

        using (var r = new Rounds(s.BeginSession(tracked: null)))
        {
            r.Write([], false, ("root", holder));
            totals["c"] = 3;
            r.Write([totals], final: true);
            var read = (SortedDictionary<string, int>)((Holder)Rounds.Read(s, r.Images)["root"]!).Item!;
            Assert.Equal(2, read.Count); // without it, only the dictionary's own fields went again
        }
    }

    [Fact]
    public void UpdatesSendOnlyWhatChangedAndTheObjectsItNowReferences()
    {
        var s = Serializer();
        var ledger = LedgerMutator.Create(2000);
        using var r = new Rounds(s.BeginSession(AppTypes));
        var baseStats = r.Write([], false, ("root", ledger));
        var a = ledger.All[10];
        a.Balance = 7;
        a.Tag = new Account { Name = "new one" };
        var update = r.Write([a, ledger.All[11]], final: true);

        Assert.Equal(2, update.Updates);
        Assert.Equal(4, update.NewObjects); // the account, its name, its History list, its Scores array
        Assert.True(update.RawBytes * 50 < baseStats.RawBytes, $"update {update.RawBytes} B, base {baseStats.RawBytes} B");
        GraphOracle.AssertSame(FullCopy(s, ledger), Rounds.Read(s, r.Images)["root"]);
    }

    [Fact]
    public void AnObjectReadMidChangeIsSentAgainAndTheRoundSucceeds()
    {
        var s = Serializer();
        var list = new List<int> { 1, 2, 3 };
        var holder = new Holder { Item = list };
        using var r = new Rounds(s.BeginSession());
        int size = Size(list);
        Size(list) = 1000; // what a reader sees in the middle of a resize: a count past the array
        var first = r.Write([], false, ("root", holder));
        Size(list) = size;
        list.Add(4);

        Assert.Equal(1, first.Pending);
        var ex = Assert.Throws<ImageFormatException>(() => Rounds.Read(s, r.Images));
        Assert.Contains("left for a later round", ex.Message);

        var second = r.Write([], final: true); // not reported again: the session remembers it
        Assert.Equal(0, second.Pending);
        Assert.Equal(1, second.Updates);
        Assert.Equal([1, 2, 3, 4], (List<int>)((Holder)Rounds.Read(s, r.Images)["root"]!).Item!);
    }

    [Fact]
    public void ARolledBackObjectTakesBackEverythingItWroteAcrossBlocks()
    {
        // The body writes a new 400 KB string (several blocks), then meets what only a surrogate stands for:
        // everything is taken back, and the final round writes it whole.
        var s = Serializer(new ThingSurrogates());
        var holder = new BigThenThing { Big = new string('b', 200_000), Thing = new NativeThing(5) };
        var other = new Holder { Item = "after" };
        using var r = new Rounds(s.BeginSession());
        var first = r.Write([], false, ("root", new object[] { holder, other }));
        Assert.Equal(1, first.Pending);
        Assert.True(first.RawBytes < 100_000, $"{first.RawBytes} B: the string was not taken back");

        var final = r.Write([], final: true);
        Assert.True(final.RawBytes > 400_000);
        var read = (object[])Rounds.Read(s, r.Images)["root"]!;
        var back = (BigThenThing)read[0];
        Assert.Equal(holder.Big, back.Big);
        Assert.Equal(5, ((NativeThing)back.Thing!).Id);
        Assert.Equal("after", ((Holder)read[1]).Item);
    }

    [Fact]
    public void SurrogatesWaitForTheFinalRound()
    {
        var surrogates = new ThingSurrogates();
        var s = Serializer(surrogates);
        var thing = new NativeThing(1);
        var holder = new Holder { Item = null };
        using var r = new Rounds(s.BeginSession());
        r.Write([], false, ("root", holder));
        holder.Item = thing;
        var live = r.Write([holder]);
        Assert.Equal(1, live.Pending);
        Assert.Equal(0, surrogates.Substituted);

        var final = r.Write([], true, ("extra", thing));
        Assert.Equal(1, surrogates.Substituted);
        var graph = Rounds.Read(s, r.Images);
        Assert.Same(((Holder)graph["root"]!).Item, graph["extra"]);
        Assert.Equal(1, ((NativeThing)graph["extra"]!).Id);
    }

    [Fact]
    public void ConcurrentWritersNeverMakeARoundFailOrTheResultDiverge()
    {
        var s = Serializer();
        var dict = new Dictionary<int, string>();
        var list = new List<long>();
        var notes = new System.Text.StringBuilder();
        var holder = new object[] { dict, list, notes };
        var dirty = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var gate = new object();
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            var random = new Random(7);
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                // Mark after the write, as the barriers do: a round that starts before the mark sees the write.
                int k = random.Next(20_000);
                if (!dict.Remove(k))
                {
                    dict[k] = "v" + n;
                }
                if (list.Count > 50_000)
                {
                    list.RemoveRange(0, 25_000);
                }
                list.Add(n);
                notes.Append('x');
                if (notes.Length > 10_000)
                {
                    notes.Clear();
                }
                lock (gate)
                {
                    dirty.Add(dict);
                    dirty.Add(list);
                    dirty.Add(notes);
                }
            }
        });
        using var r = new Rounds(s.BeginSession());
        writer.Start();
        try
        {
            r.Write([], false, ("root", holder));
            for (int i = 0; i < 20; i++)
            {
                object[] changed;
                lock (gate)
                {
                    changed = dirty.ToArray();
                    dirty.Clear();
                }
                r.Write(changed);
            }
        }
        finally
        {
            stop.Cancel();
            writer.Join();
        }
        r.Write(dirty.ToArray(), final: true);

        output.WriteLine($"objects left for a later round, per round: {string.Join(" ", r.Stats.Select(x => x.Pending))}");
        GraphOracle.AssertSame(FullCopy(s, holder), Rounds.Read(s, r.Images)["root"]);
    }

    [Fact]
    public void RoundsMustComeWholeAndInOrderFromOneSession()
    {
        var s = Serializer();
        var ledger = LedgerMutator.Create(30);
        var mutator = new LedgerMutator(ledger, 9);
        using var r = new Rounds(s.BeginSession(AppTypes));
        r.Write([], false, ("root", ledger));
        for (int i = 0; i < 3; i++)
        {
            var dirty = new List<object>();
            for (int k = 0; k < 50; k++)
            {
                mutator.Mutate(dirty);
            }
            r.Write(dirty, final: i == 2);
        }
        using var other = new Rounds(s.BeginSession(AppTypes));
        other.Write([], false, ("root", ledger));

        Assert.Contains("missing or out of order", Assert.Throws<ImageFormatException>(() => Rounds.Read(s, [r.Images[0], r.Images[2]])).Message);
        Assert.Contains("missing or out of order", Assert.Throws<ImageFormatException>(() => Rounds.Read(s, [r.Images[1], r.Images[0]])).Message);
        Assert.Contains("another incremental image", Assert.Throws<ImageFormatException>(() => Rounds.Read(s, [other.Images[0], r.Images[1]])).Message);
        Assert.Contains("follows the final round", Assert.Throws<ImageFormatException>(() => Rounds.Read(s, [.. r.Images, r.Images[0]])).Message);
        Assert.Throws<InvalidOperationException>(() => r.Write([]));
        Assert.Contains("not a round", Assert.Throws<ImageFormatException>(() => Rounds.Read(s, [GraphRoundTrip.Write(s, ("root", ledger))])).Message);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_size")]
    private static extern ref int Size(List<int> list);
}

public sealed class BigThenThing
{
    public string? Big;
    public object? Thing;
}

internal sealed class ThingSurrogates : IObjectSurrogates
{
    public int Substituted;

    public bool Handles(Type type) => type == typeof(NativeThing);

    public bool TrySubstitute(object value, [NotNullWhen(true)] out object? surrogate)
    {
        Substituted++;
        surrogate = new NativeThingSurrogate { Id = ((NativeThing)value).Id };
        return true;
    }

    public object Resolve(object surrogate) => new NativeThing(((NativeThingSurrogate)surrogate).Id);
}
