System.Console.WriteLine("GradGen quick start (work in progress)");
