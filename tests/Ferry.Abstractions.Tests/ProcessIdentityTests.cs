using Ferry.Abstractions.Processes;

namespace Ferry.Abstractions.Tests;

public class ProcessIdentityTests
{
    [Fact]
    public void This_process_is_alive()
    {
        var self = ProcessIdentity.Current();
        Assert.Equal(Environment.ProcessId, self.Pid);
        Assert.True(self.StartTime > 0);
        Assert.True(self.IsAlive());
    }

    [Fact]
    public void Another_start_time_is_another_process() =>
        Assert.False((ProcessIdentity.Current() with { StartTime = ProcessIdentity.Current().StartTime + 7 }).IsAlive());

    [Fact]
    public void A_pid_nobody_has_is_dead() => Assert.False(new ProcessIdentity(int.MaxValue - 1, 0).IsAlive());
}
