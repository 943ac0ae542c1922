using Ferry.Cli.Output;

namespace Ferry.Cli.Tests;

public class FormatsTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.0 GiB")]
    public void Bytes(long value, string text) => Assert.Equal(text, Formats.Bytes(value));

    [Theory]
    [InlineData(0.25, "250ms")]
    [InlineData(12, "12s")]
    [InlineData(184, "3m04s")]
    [InlineData(7500, "2h05m")]
    [InlineData(3 * 86400 + 4 * 3600, "3d04h")]
    [InlineData(-5, "0ms")]
    public void Durations(double seconds, string text) => Assert.Equal(text, Formats.Duration(TimeSpan.FromSeconds(seconds)));
}
