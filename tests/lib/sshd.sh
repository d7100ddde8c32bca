# sshd: a throwaway sshd on a free loopback port, for the suites that need a real one (sourced after harness.sh; root).
# sshd_port picks $PORT; sshd_start runs the server, whose files and log are in $SD; sshd_stop goes in the suite's cleanup.
SD="$T/sshd"
SSHD_PID=""
MADE_RUN_SSHD=""

# Sets PORT to a free loopback port, and LISTEN6 to the sshd_config line for [::1] on it where the machine
# has IPv6 loopback (a container may not), else "".
sshd_port() {
	PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	LISTEN6=""
	python3 -c "import socket; s = socket.socket(socket.AF_INET6); s.bind(('::1', $PORT))" 2> /dev/null \
		&& LISTEN6="ListenAddress [::1]:$PORT"
}

# sshd_start USER AUTHORIZED_KEYS [CONFIG]: sshd on 127.0.0.1:$PORT with the host key $SD/hostkey, letting only
# USER in, with public keys from AUTHORIZED_KEYS; CONFIG (lines) is added to its sshd_config. ok once it
# listens; otherwise not ok with its log, and the suite stops.
sshd_start() {
	mkdir -p "$SD"
	ssh-keygen -q -t ed25519 -N '' -f "$SD/hostkey"
	[ -d /run/sshd ] || { mkdir -p /run/sshd && chmod 755 /run/sshd && MADE_RUN_SSHD=1; }
	cat > "$SD/sshd_config" << EOF_CONFIG
Port $PORT
ListenAddress 127.0.0.1
HostKey $SD/hostkey
PidFile $SD/sshd.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile $2
AllowUsers $1
PermitRootLogin no
PrintMotd no
LogLevel VERBOSE
${3:-}
EOF_CONFIG
	/usr/sbin/sshd -D -e -f "$SD/sshd_config" 2> "$SD/log" &
	SSHD_PID=$!
	_i=0
	while ! python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)))" 2> /dev/null; do
		_i=$((_i + 1))
		if [ $_i -gt 100 ] || ! kill -0 "$SSHD_PID" 2> /dev/null; then
			fail "sshd listens on 127.0.0.1:$PORT"
			sed 's/^/# sshd: /' "$SD/log" | tail -20
			exit 1
		fi
		sleep 0.1
	done
	ok "sshd listens on 127.0.0.1:$PORT"
}

# Stops the server (waiting up to 5 s for it to go) and removes /run/sshd when sshd_start made it.
sshd_stop() {
	if [ -n "$SSHD_PID" ]; then
		kill "$SSHD_PID" 2> /dev/null
		_i=0
		while kill -0 "$SSHD_PID" 2> /dev/null && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
	fi
	[ -n "$MADE_RUN_SSHD" ] && rmdir /run/sshd 2> /dev/null
}
