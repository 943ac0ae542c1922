namespace Ferry.Tests.Support;

/// <summary>Polls for a condition that another process brings about, with a generous bound.</summary>
public static class Eventually
{
    public static void True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting until {what}");
            Thread.Sleep(20);
        }
    }
}
