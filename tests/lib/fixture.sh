# fixture: a small deterministic repository built only through the CLI (sourced after harness.sh).
# Creates $R with one school, an admin, an observer and a teacher, the default rubric and group.ini.
R="$T/repo"
fixture_init() {
	"$JY" init "$R" > /dev/null || return 1
	"$JY" -C "$R" add school id=jc name=锦城职业技术学院 kind=lead region=成都 > /dev/null || return 1
	"$JY" -C "$R" add person id=admin name=管理员 school=jc roles=admin,observer > /dev/null || return 1
	"$JY" -C "$R" --user admin add rubric --file config/rubrics/default.ini > /dev/null || return 1
	"$JY" -C "$R" --user admin add group name=测试集团 lead=jc term=2026-2027-1 rubric=default > /dev/null || return 1
	"$JY" -C "$R" --user admin add person id=wangfang name=王芳 school=jc roles=observer title=senior > /dev/null || return 1
	"$JY" -C "$R" --user admin add person id=lina name=李娜 school=jc roles=teacher title=intermediate > /dev/null || return 1
}
# A valid observation by wangfang of lina; extra KEY=VALUE arguments override.
add_obs() {
	"$JY" -C "$R" --user wangfang add observation kind=peer date=2026-11-20 teacher=lina \
		course=传感器应用技术 class=物联网2401 $SCORES score.goal=14 "$@"
}
