namespace Ferry.Environments.Tests;
public class PlaceholderTests { [Fact] public void Builds() => Assert.True(typeof(Ferry.Abstractions.Environments.PathAccess).IsEnum); }
