using Ferry.Node.Migration;

namespace Ferry.Cli.Tests;

/// <summary>
/// The fault matrix of <c>ferry scale</c> at the points a clone passes (a clone has no handover and no release):
/// afterwards the primary runs where it was with its state, and the target holds at most one clone — running, or
/// none at all.
/// </summary>
[Collection(nameof(FaultMatrix))]
public sealed class CloneFaultMatrixTests
{
    public static TheoryData<FaultBlow> Blows => [.. Enum.GetValues<FaultBlow>()];

    private static readonly FaultPoint[] s_clonePasses = [.. Enum.GetValues<FaultPoint>().Where(p => p is not (FaultPoint.AfterHandover or FaultPoint.BeforeRelease))];

    [Theory]
    [MemberData(nameof(Blows))]
    public void EveryPointLeavesThePrimaryAndAtMostOneWholeClone(FaultBlow blow) =>
        FaultMatrix.Run(blow, s_clonePasses, one =>
        {
            var result = one.Strike("scale");
            var clone = one.SettledPrimaryAndClone();
            if (blow != FaultBlow.CorruptStream) return;
            // Caught by the target's hash check (no clone), or no effect (nothing more is sent after this point: the clone runs).
            var caught = !one.OnTarget && FaultMatrix.CorruptionReachesState(one.Point);
            Assert.True(result.ExitCode == (caught ? 1 : 0), result.ToString());
            if (caught) Assert.Contains("does not match its hash", result.Stderr);
            Assert.True(caught == (clone is null), $"clone {clone ?? "none"} after {result}");
        });
}
