@echo off
rem Grades your labs and prints the scoreboard: the short form of
rem   mvnw.cmd -q -pl grader -am compile exec:exec -Dkit="grade ARGUMENTS"
rem Examples:  grade    grade lab-udp    grade lab-udp --test U1.serverRepliesToEachSender --seed 42
rem (in PowerShell: .\grade lab-udp). On Linux and macOS: ./grade, the same arguments.
setlocal
cd /d "%~dp0"
call "%~dp0mvnw.cmd" -q -pl grader -am compile exec:exec "-Dkit=grade %*"
exit /b %ERRORLEVEL%
