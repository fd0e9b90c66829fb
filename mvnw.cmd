@echo off
rem Runs Maven for this project from this folder, with the given arguments. Uses the mvn on PATH
rem when it is Maven 3.8 or newer; otherwise installs Maven with winget, Chocolatey or Scoop
rem first. Needs a JDK 17 or newer; everything else (the OpenBLAS native library included) comes
rem as Maven dependencies.
setlocal EnableExtensions
set "MVNW_HINT=mvnw: install Apache Maven 3.8+ with your package manager and put mvn on PATH"

call :maven_ok
if not errorlevel 1 goto check_java

where winget >nul 2>&1
if errorlevel 1 goto try_choco
>&2 echo mvnw: Maven 3.8+ not found; installing it with winget
call winget install -e --id Apache.Maven --silent --accept-source-agreements --accept-package-agreements 1>&2
call :find_installed
call :maven_ok
if not errorlevel 1 goto check_java

:try_choco
where choco >nul 2>&1
if errorlevel 1 goto try_scoop
>&2 echo mvnw: Maven 3.8+ not found; installing it with Chocolatey
call choco install maven -y 1>&2
call :find_installed
call :maven_ok
if not errorlevel 1 goto check_java

:try_scoop
where scoop >nul 2>&1
if errorlevel 1 goto no_maven
>&2 echo mvnw: Maven 3.8+ not found; installing it with Scoop
call scoop install maven 1>&2
call :find_installed
call :maven_ok
if not errorlevel 1 goto check_java

:no_maven
>&2 echo %MVNW_HINT%
exit /b 1

:check_java
rem Maven runs JAVA_HOME's java when it is set, else the one on PATH.
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "PATH=%JAVA_HOME%\bin;%PATH%"
set "MVNW_JV="
set "MVNW_J1=0"
set "MVNW_J2=0"
set "MVNW_JMAJOR=0"
for /f "tokens=3" %%v in ('java -version 2^>^&1 ^| findstr /i /c:" version "') do if not defined MVNW_JV set "MVNW_JV=%%~v"
if not defined MVNW_JV goto no_java
for /f "tokens=1,2 delims=." %%a in ("%MVNW_JV%") do (set "MVNW_J1=%%a" & set "MVNW_J2=%%b")
set /a MVNW_JMAJOR=MVNW_J1 2>nul
if "%MVNW_JMAJOR%"=="1" set /a MVNW_JMAJOR=MVNW_J2 2>nul
if %MVNW_JMAJOR% GEQ 17 goto run
>&2 echo mvnw: Java 17 or newer is required (found %MVNW_JV%); install a JDK 17+ and put java on PATH or set JAVA_HOME
exit /b 1
:no_java
>&2 echo mvnw: Java 17 or newer is required (found no java); install a JDK 17+ and put java on PATH or set JAVA_HOME
exit /b 1

:run
pushd "%~dp0"
call mvn %*
set "MVNW_RC=%ERRORLEVEL%"
popd
exit /b %MVNW_RC%

rem Errorlevel 0 when the mvn on PATH is Maven 3.8 or newer.
:maven_ok
where mvn >nul 2>&1
if errorlevel 1 exit /b 1
set "MVNW_MV="
set "MVNW_M1=0"
set "MVNW_M2=0"
for /f "tokens=3" %%v in ('mvn -B -v 2^>nul ^| findstr /b /c:"Apache Maven"') do if not defined MVNW_MV set "MVNW_MV=%%v"
if not defined MVNW_MV exit /b 1
for /f "tokens=1,2 delims=." %%a in ("%MVNW_MV%") do (set "MVNW_M1=%%a" & set "MVNW_M2=%%b")
set /a MVNW_M1=MVNW_M1 2>nul
set /a MVNW_M2=MVNW_M2 2>nul
if %MVNW_M1% GTR 3 exit /b 0
if %MVNW_M1% EQU 3 if %MVNW_M2% GEQ 8 exit /b 0
exit /b 1

rem Puts a Maven just installed on PATH: installers change PATH for new consoles only.
:find_installed
set "MVNW_FOUND="
for /d %%p in ("%LOCALAPPDATA%\Microsoft\WinGet\Packages\Apache.Maven_*" "%ProgramFiles%\WinGet\Packages\Apache.Maven_*" "%ProgramData%\chocolatey\lib\maven") do for /d %%m in ("%%~p\apache-maven-*") do if exist "%%~m\bin\mvn.cmd" set "MVNW_FOUND=%%~m\bin"
if exist "%USERPROFILE%\scoop\apps\maven\current\bin\mvn.cmd" set "MVNW_FOUND=%USERPROFILE%\scoop\apps\maven\current\bin"
if defined SCOOP if exist "%SCOOP%\apps\maven\current\bin\mvn.cmd" set "MVNW_FOUND=%SCOOP%\apps\maven\current\bin"
if defined MVNW_FOUND set "PATH=%MVNW_FOUND%;%PATH%"
exit /b 0
