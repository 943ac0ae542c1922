using Ferry.Images.Graph;

namespace Ferry.Images.Tests.Incremental;

/// <summary>
/// Rounds applied one at a time as they are written (a warm target), with the source changing between every
/// write and every apply, read as one full write of the final state.
/// </summary>
public sealed class RoundReaderTests
{
    private static readonly Func<Type, bool> AppTypes = t => t.Assembly == typeof(RoundReaderTests).Assembly;

    [Theory]
    [InlineData(11, 5, 40)]
    [InlineData(12, 12, 300)]
    public void RoundsAppliedAsTheyArriveWhileTheSourceMutatesReadAsTheFinalState(int seed, int rounds, int mutationsPerRound)
    {
        var s = new ObjectGraphSerializer(GraphRoundTrip.Allowlist());
        var ledger = LedgerMutator.Create(80);
        var mutator = new LedgerMutator(ledger, seed);
        using var r = new Rounds(s.BeginSession(AppTypes));
        var reader = s.BeginRounds();
        var dirty = new List<object>();
        r.Write([], false, ("root", ledger));
        for (int i = 0; i <= rounds; i++)
        {
            // The source runs on while the target reads what it sent.
            for (int k = 0; k < mutationsPerRound; k++) mutator.Mutate(dirty);
            var applied = Apply(reader, r.Images[^1]);
            Assert.Equal(i, applied.Round);
            Assert.False(applied.Final);
            for (int k = 0; k < mutationsPerRound; k++) mutator.Mutate(dirty);
            r.Write(dirty.ToArray(), final: i == rounds);
            dirty.Clear();
        }
        var last = Apply(reader, r.Images[^1]);
        Assert.True(last.Final);
        Assert.True(reader.HasFinal);
        Assert.Equal(rounds + 2, reader.Rounds);

        var full = GraphRoundTrip.Read(s, GraphRoundTrip.Write(s, ("root", ledger)))["root"];
        GraphOracle.AssertSame(full, reader.Finish()["root"]);
        Assert.Throws<InvalidOperationException>(() => Apply(reader, r.Images[0]));
    }

    [Fact]
    public void ARoundThatFailsLeavesTheReaderRefusingTheRest()
    {
        var s = new ObjectGraphSerializer(GraphRoundTrip.Allowlist());
        var ledger = LedgerMutator.Create(30);
        var mutator = new LedgerMutator(ledger, 3);
        using var r = new Rounds(s.BeginSession(AppTypes));
        r.Write([], false, ("root", ledger));
        var dirty = new List<object>();
        for (int k = 0; k < 30; k++) mutator.Mutate(dirty);
        r.Write(dirty, final: true);

        var reader = s.BeginRounds();
        Apply(reader, r.Images[0]);
        Assert.Contains("missing or out of order", Assert.Throws<ImageFormatException>(() => Apply(reader, r.Images[0])).Message);
        Assert.Contains("read again from the base round", Assert.Throws<ImageFormatException>(() => Apply(reader, r.Images[1])).Message);
    }

    [Fact]
    public void FinishBeforeAnObjectGotItsContentsIsRefused()
    {
        // A new holder that references what only a surrogate stands for gets its contents in the final round.
        var s = new ObjectGraphSerializer(GraphRoundTrip.Allowlist(), new ThingSurrogates());
        var holder = new Holder();
        using var r = new Rounds(s.BeginSession());
        r.Write([], false, ("root", holder));
        holder.Item = new Holder { Item = new NativeThing(4) };
        Assert.Equal(1, r.Write([holder]).Pending);

        var reader = s.BeginRounds();
        Apply(reader, r.Images[0]);
        Apply(reader, r.Images[1]);
        Assert.False(reader.HasFinal);
        Assert.Contains("incomplete", Assert.Throws<ImageFormatException>(() => reader.Finish()).Message);
    }

    private static RoundApplied Apply(RoundReader reader, byte[] image)
    {
        using var round = ImageReader.Open(new MemoryStream(image));
        return reader.Apply(round);
    }
}
