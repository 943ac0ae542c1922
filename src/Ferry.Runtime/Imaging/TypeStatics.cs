namespace Ferry.Runtime.Imaging;

/// <summary>The static fields of one initialized app type (section "statics").</summary>
public sealed class TypeStatics
{
    public TypeDescriptor Type = new();
    public string[] Fields = [];
    public object?[] Values = [];
}
