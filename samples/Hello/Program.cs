// Greets, writes to both streams, and ends with the code it is given, in the way it is told:
//   Hello [NAME] [EXIT-CODE] [return|exit|throw]
// "exit" leaves through Environment.Exit, "throw" through an unhandled exception.
var name = args.Length > 0 ? args[0] : "world";
var exitCode = args.Length > 1 && int.TryParse(args[1], out var code) ? code : 0;
var how = args.Length > 2 ? args[2] : "return";
Console.WriteLine($"Hello, {name}!");
Console.Error.WriteLine("a line on stderr");
Console.WriteLine("bye");
if (how == "exit") Environment.Exit(exitCode);
if (how == "throw") throw new InvalidOperationException($"told to fail with {exitCode}");
return exitCode;
