namespace Ferry.Images.Inspection;

public enum GraphValueKind
{
    Null,
    Value,
    Reference,
    Struct,
}
