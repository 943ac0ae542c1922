using Ferry.Node.Migration;

namespace Ferry.Cli.Tests;

/// <summary>
/// Every <see cref="FaultPoint"/> × {kill source, kill target, cut link, corrupt stream} of <c>ferry migrate</c>, with
/// real node processes, b in a network namespace of its own: afterwards exactly one instance with the id runs (every
/// node's records, the processes), with its state, and nothing else of it is left running.
/// </summary>
[Collection(nameof(FaultMatrix))]
public sealed class MigrateFaultMatrixTests
{
    public static TheoryData<FaultBlow> Blows => [.. Enum.GetValues<FaultBlow>()];

    [Theory]
    [MemberData(nameof(Blows))]
    public void EveryPointLeavesExactlyOneInstanceWithItsState(FaultBlow blow) =>
        FaultMatrix.Run(blow, Enum.GetValues<FaultPoint>(), one =>
        {
            var result = one.Strike("migrate");
            if (blow == FaultBlow.CorruptStream && !one.OnTarget && FaultMatrix.CorruptionReachesState(one.Point))
            {
                // The target's hash check catches the flipped byte: one line, the app running on the source.
                Assert.Equal(1, result.ExitCode);
                Assert.Contains("does not match its hash", result.Stderr);
                Assert.EndsWith("the instance keeps running on a", result.Stderr.Trim());
                Assert.Same(one.A, one.SettledOwner());
                return;
            }
            if (blow == FaultBlow.CorruptStream)
            {
                // No effect: nothing is sent after this point (or by this side) that a flipped byte could reach.
                Assert.True(result.ExitCode == 0, $"the move did not complete: {result}");
                Assert.Same(one.B, one.SettledOwner());
                return;
            }
            var owner = one.SettledOwner();
            // Before the handover is recorded the source takes it back; once the target has started it, it stays
            // there. At the handover itself either can end up with it, as the target's adoption outlives the source or not.
            if (one.Point <= FaultPoint.AfterAdopt) Assert.Same(one.A, owner);
            else if (one.Point >= FaultPoint.BeforeStart) Assert.Same(one.B, owner);
        });
}
