namespace Ferry.Weaver.Interception;

/// <summary>
/// One row of the interception table: calls (or <c>newobj</c>) to a framework API in app code are
/// replaced by a call to a static shim in Ferry.Runtime. An instance API's shim takes the instance
/// as its first parameter; a constructor's shim returns the new object.
/// </summary>
/// <param name="DeclaringType">Full name of the framework type, e.g. <c>System.Threading.Thread</c>.</param>
/// <param name="Method">Method name; <c>.ctor</c> for constructors.</param>
/// <param name="Parameters">Full names of the parameter types (without the instance).</param>
/// <param name="ShimType">Full name of the shim's type in Ferry.Runtime.</param>
/// <param name="ShimMethod">Name of the shim method.</param>
/// <param name="Blocking">The shim can block and follows the frame protocol: its call site is a safe point.</param>
/// <param name="Virtual">
/// The API is a virtual instance method: only <c>callvirt</c> sites are redirected (the shim dispatches
/// virtually itself). A plain <c>call</c> to it is a <c>base.</c> call from an override and must reach the
/// framework's implementation, or the shim would call the override back forever.
/// </param>
public sealed record InterceptionRule(
    string DeclaringType,
    string Method,
    string[] Parameters,
    string ShimType,
    string ShimMethod,
    bool Blocking,
    bool Virtual = false)
{
    public string Key => Describe(DeclaringType, Method, Parameters);

    public static string Describe(string type, string method, IEnumerable<string> parameters) =>
        $"{type}::{method}({string.Join(",", parameters)})";
}
