using Ferry.Host.Capture;

namespace Ferry.Host.Tests;

public class TestModeSettingsTests
{
    private static TestModeSettings? Parse(params (string Key, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Key, v => v.Value);
        return TestModeSettings.FromEnvironment(k => map.GetValueOrDefault(k));
    }

    [Fact]
    public void Nothing_set_means_no_test_mode() => Assert.Null(Parse());

    [Fact]
    public void Checkpoint_at_a_safe_point()
    {
        var s = Parse(("FERRY_TEST_CHECKPOINT_AT", "17"), ("FERRY_TEST_IMAGE", "/tmp/x.img"))!;
        Assert.Equal(17, s.At);
        Assert.Null(s.Every);
        Assert.Equal("/tmp/x.img", s.ImagePath);
        Assert.Equal(TestModeSettings.DefaultLimit, s.Limit);
    }

    [Fact]
    public void Checkpoint_every_k_safe_points_with_a_limit()
    {
        var s = Parse(("FERRY_TEST_CHECKPOINT_EVERY", "5"), ("FERRY_TEST_CHECKPOINT_LIMIT", "3"), ("FERRY_TEST_IMAGE", "rel.img"))!;
        Assert.Equal(5, s.Every);
        Assert.Equal(3, s.Limit);
        Assert.Equal(Path.GetFullPath("rel.img"), s.ImagePath);
    }

    [Fact]
    public void Pausing_at_a_safe_point_alone_is_test_mode()
    {
        var s = Parse(("FERRY_TEST_PAUSE_AT", "40"), ("FERRY_TEST_PAUSED", "rel.paused"))!;
        Assert.Equal(40, s.PauseAt);
        Assert.Equal(Path.GetFullPath("rel.paused"), s.PausedPath);
        Assert.Null(s.At);
        Assert.Throws<FormatException>(() => Parse(("FERRY_TEST_PAUSE_AT", "0")));
    }

    [Fact]
    public void Counting_safe_points_alone_is_test_mode()
    {
        var s = Parse(("FERRY_TEST_SAFEPOINT_COUNT", "/tmp/count"))!;
        Assert.Equal("/tmp/count", s.CountPath);
        Assert.Null(s.At);
    }

    [Theory]
    [InlineData("FERRY_TEST_CHECKPOINT_AT", "0")]
    [InlineData("FERRY_TEST_CHECKPOINT_AT", "-3")]
    [InlineData("FERRY_TEST_CHECKPOINT_AT", "ten")]
    [InlineData("FERRY_TEST_CHECKPOINT_EVERY", "1.5")]
    [InlineData("FERRY_TEST_CHECKPOINT_LIMIT", "99999999999")]
    public void Bad_numbers_are_refused_with_the_variable_named(string key, string value)
    {
        var e = Assert.Throws<FormatException>(() => Parse((key, value), ("FERRY_TEST_IMAGE", "/tmp/x"), ("FERRY_TEST_SAFEPOINT_COUNT", "/tmp/c")));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void A_checkpoint_needs_an_image_path() =>
        Assert.Contains("FERRY_TEST_IMAGE", Assert.Throws<FormatException>(() => Parse(("FERRY_TEST_CHECKPOINT_AT", "3"))).Message);

    [Fact]
    public void At_and_every_exclude_each_other() =>
        Assert.Throws<FormatException>(() => Parse(("FERRY_TEST_CHECKPOINT_AT", "3"), ("FERRY_TEST_CHECKPOINT_EVERY", "3"), ("FERRY_TEST_IMAGE", "/tmp/x")));
}
