using Ferry.Abstractions.Instances;

namespace Ferry.Abstractions.Tests;

public class InstanceIdTests
{
    [Fact]
    public void New_ids_are_twelve_lowercase_hex_characters_and_distinct()
    {
        var ids = Enumerable.Range(0, 2000).Select(_ => InstanceId.New()).ToList();
        Assert.All(ids, id => Assert.True(InstanceId.IsWellFormed(id), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("0123456789ab", true)]
    [InlineData("0123456789AB", false)]
    [InlineData("0123456789a", false)]
    [InlineData("0123456789abc", false)]
    [InlineData("0123456789ag", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Well_formed_ids(string? id, bool expected) => Assert.Equal(expected, InstanceId.IsWellFormed(id));

    [Theory]
    [InlineData("3f", true)]
    [InlineData("3F", false)]
    [InlineData("counter", false)]
    [InlineData("", false)]
    public void Only_lowercase_hex_can_be_an_id_prefix(string text, bool expected) => Assert.Equal(expected, InstanceId.IsHex(text));
}
